type UploadModule = typeof import('@/services/upload');

const FOLDER = 'feedback/0123456789abcdef0123456789abcdef';

describe('uploadPhoto in the H5 build (local server)', () => {
  let upload: UploadModule;
  const posted: { url: string; init: RequestInit }[] = [];
  let answer: () => Promise<unknown>;
  let picked: Blob;

  beforeEach(() => {
    window.localStorage.setItem('freshpal.dev.openid', 'demo-basic');
    posted.length = 0;
    picked = new Blob([new Uint8Array([0xff, 0xd8, 0xff, 0xe0])], { type: 'image/jpeg' });
    answer = async () => ({ status: 200, json: async () => ({ ok: true, data: { fileID: `cloud://local/${FOLDER}/abc.jpg`, size: 4 } }) });
    window.fetch = jest.fn(async (url: string, init?: RequestInit) => {
      if (url.startsWith('blob:')) return { blob: async () => picked } as Response;
      posted.push({ url, init: init as RequestInit });
      return answer() as Promise<Response>;
    }) as typeof fetch;
    jest.isolateModules(() => {
      upload = require('@/services/upload');
    });
  });

  it('posts the picked image to /files/feedback with the demo identity and resolves to its fileID', async () => {
    await expect(upload.uploadPhoto('blob:http://local/1')).resolves.toBe(`cloud://local/${FOLDER}/abc.jpg`);
    expect(posted).toHaveLength(1);
    expect(posted[0]?.url).toBe('/files/feedback');
    expect(posted[0]?.init.method).toBe('POST');
    expect(posted[0]?.init.body).toBe(picked);
    expect(posted[0]?.init.headers).toEqual({ 'Content-Type': 'image/jpeg', 'X-Dev-Openid': 'demo-basic' });
  });

  it('passes the server’s refusal on with its code', async () => {
    answer = async () => ({ status: 415, json: async () => ({ ok: false, error: { code: 'UPLOAD.NOT_IMAGE', message: '只能上传 JPG、PNG 或 WebP 图片' } }) });
    await expect(upload.uploadPhoto('blob:http://local/2')).rejects.toMatchObject({ code: 'UPLOAD.NOT_IMAGE' });
  });

  it('refuses a photo over 10 MB without sending it', async () => {
    picked = new Blob([new Uint8Array(upload.MAX_PHOTO_BYTES + 1)], { type: 'image/jpeg' });
    await expect(upload.uploadPhoto('blob:http://local/3')).rejects.toMatchObject({ code: 'REQUEST.TOO_LARGE' });
    expect(posted).toHaveLength(0);
  });

  it('says the network failed when the server cannot be reached', async () => {
    answer = () => Promise.reject(new TypeError('Failed to fetch'));
    await expect(upload.uploadPhoto('blob:http://local/4')).rejects.toMatchObject({ code: 'CLIENT.NETWORK' });
  });
});

describe('uploadPhoto in the weapp build', () => {
  const callFunction = jest.fn();
  const uploadFile = jest.fn();
  const compressImage = jest.fn();
  let upload: UploadModule;

  beforeEach(() => {
    callFunction.mockReset().mockResolvedValue({ result: { ok: true, data: { folder: FOLDER } } });
    uploadFile.mockReset().mockImplementation(async ({ cloudPath }: { cloudPath: string }) => ({ fileID: `cloud://prod-1.7072/${cloudPath}` }));
    compressImage.mockReset().mockImplementation(async ({ src }: { src: string }) => ({ tempFilePath: `${src}.compressed.jpg` }));
    window.fetch = jest.fn();
    process.env.TARO_ENV = 'weapp';
    jest.isolateModules(() => {
      jest.doMock('@tarojs/taro', () => ({ __esModule: true, default: { cloud: { callFunction, uploadFile }, compressImage } }));
      upload = require('@/services/upload');
    });
  });

  afterEach(() => {
    process.env.TARO_ENV = 'h5';
    jest.dontMock('@tarojs/taro');
  });

  it('compresses, then uploads into the caller’s folder under a random name; the folder is asked once', async () => {
    const a = await upload.uploadPhoto('wxfile://tmp/a.png');
    const b = await upload.uploadPhoto('wxfile://tmp/b.png');
    expect(compressImage).toHaveBeenCalledWith({ src: 'wxfile://tmp/a.png', quality: 80 });
    expect(callFunction).toHaveBeenCalledTimes(1);
    expect(callFunction).toHaveBeenCalledWith({ name: 'feedback', data: { action: 'uploadFolder', payload: {} } });
    const paths = uploadFile.mock.calls.map((c) => (c[0] as { cloudPath: string; filePath: string }).cloudPath);
    for (const path of paths) expect(path).toMatch(new RegExp(`^${FOLDER}/[A-Za-z0-9]{16,64}\\.jpg$`));
    expect(paths[0]).not.toBe(paths[1]);
    expect(uploadFile.mock.calls[0]?.[0]).toMatchObject({ filePath: 'wxfile://tmp/a.png.compressed.jpg' });
    expect([a, b]).toEqual(paths.map((p) => `cloud://prod-1.7072/${p}`));
    expect(window.fetch).not.toHaveBeenCalled();
  });

  it('sends the picked image when it cannot be compressed, keeping its type', async () => {
    compressImage.mockRejectedValueOnce({ errMsg: 'compressImage:fail' });
    await upload.uploadPhoto('wxfile://tmp/c.png');
    expect(uploadFile.mock.calls[0]?.[0]).toMatchObject({ filePath: 'wxfile://tmp/c.png', cloudPath: expect.stringMatching(/\.png$/) });
  });

  it('fails with a network error when the upload fails, and asks for the folder again after a failed ask', async () => {
    uploadFile.mockRejectedValueOnce({ errMsg: 'uploadFile:fail' });
    await expect(upload.uploadPhoto('wxfile://tmp/d.jpg')).rejects.toMatchObject({ code: 'CLIENT.NETWORK' });
    callFunction.mockReset().mockRejectedValueOnce({ errMsg: 'callFunction:fail' }).mockResolvedValue({ result: { ok: true, data: { folder: FOLDER } } });
    upload.forgetUploadFolder();
    await expect(upload.uploadPhoto('wxfile://tmp/e.jpg')).rejects.toMatchObject({ code: 'CLIENT.NETWORK' });
    await expect(upload.uploadPhoto('wxfile://tmp/e.jpg')).resolves.toMatch(/^cloud:\/\/prod-1\.7072\/feedback\//);
    expect(callFunction).toHaveBeenCalledTimes(2);
  });
});
