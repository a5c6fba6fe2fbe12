import { act, fireEvent, render, screen } from '@testing-library/react';
import { chooseMedia, previewImage } from '@tarojs/taro';
import { PhotoGrid, PhotoPicker } from '@/components/PhotoPicker';
import { CloudError } from '@/services/errors';
import { uploadPhoto } from '@/services/upload';

jest.mock('@/services/upload', () => ({ uploadPhoto: jest.fn() }));
// The H5 runtime has these as named exports only (not spy-able): the module is replaced by one that
// answers them with mocks and everything else from the real one, read lazily because Taro's own
// modules import it while it is still loading.
jest.mock('@tarojs/taro', () => {
  const mocks: Record<string, unknown> = { chooseMedia: jest.fn(), previewImage: jest.fn() };
  let real: Record<string | symbol, unknown> | null = null;
  const actual = () => (real ??= jest.requireActual<Record<string | symbol, unknown>>('@tarojs/taro'));
  return new Proxy({}, { get: (_target, key) => (key === '__esModule' ? true : typeof key === 'string' && key in mocks ? mocks[key] : actual()[key]) });
});

const upload = uploadPhoto as jest.MockedFunction<typeof uploadPhoto>;
const choose = chooseMedia as unknown as jest.Mock;
const preview = previewImage as unknown as jest.Mock;

/** One pending upload per picked path, settled by the test in any order. */
const pending = new Map<string, { resolve: (id: string) => void; reject: (e: unknown) => void }>();

function pick(...paths: string[]) {
  return choose.mockResolvedValueOnce({ tempFiles: paths.map((p) => ({ tempFilePath: p, size: 1000, fileType: 'image' })), type: 'image', errMsg: 'chooseMedia:ok' } as never);
}

async function flush() {
  await act(async () => {
    await new Promise((r) => setTimeout(r, 0));
  });
}

async function settle(path: string, outcome: { fileId: string } | { error: unknown }) {
  const p = pending.get(path);
  if (!p) throw new Error(`no upload for ${path}`);
  pending.delete(path);
  if ('fileId' in outcome) p.resolve(outcome.fileId);
  else p.reject(outcome.error);
  await flush();
}

function setup(max = 6, disabled = false) {
  const onChange = jest.fn();
  const onBusyChange = jest.fn();
  render(<PhotoPicker max={max} onChange={onChange} onBusyChange={onBusyChange} disabled={disabled} />);
  return { onChange, onBusyChange };
}

const addButton = () => screen.getByRole('button', { name: /^添加照片/ });

beforeEach(() => {
  choose.mockReset();
  preview.mockReset();
  pending.clear();
  upload.mockReset();
  upload.mockImplementation((path: string) => new Promise<string>((resolve, reject) => pending.set(path, { resolve, reject })));
});

describe('PhotoPicker', () => {
  it('picks images with chooseMedia, uploads each, and reports the fileIDs in the order shown', async () => {
    pick('blob:a', 'blob:b');
    const { onChange, onBusyChange } = setup();
    expect(screen.getByText('0/6')).toBeTruthy();
    expect(onChange).not.toHaveBeenCalled();

    fireEvent.click(addButton());
    await flush();
    expect(choose).toHaveBeenCalledWith(expect.objectContaining({ count: 6, mediaType: ['image'], sizeType: ['compressed'] }));
    expect(upload.mock.calls.map((c) => c[0])).toEqual(['blob:a', 'blob:b']);
    expect(screen.getByText('2/6')).toBeTruthy();
    expect(screen.getAllByText('上传中…')).toHaveLength(2);
    expect(onBusyChange).toHaveBeenLastCalledWith(true);

    await settle('blob:b', { fileId: 'cloud://local/feedback/f/b.jpg' });
    expect(onChange).toHaveBeenLastCalledWith(['cloud://local/feedback/f/b.jpg']);
    expect(onBusyChange).toHaveBeenLastCalledWith(true);
    await settle('blob:a', { fileId: 'cloud://local/feedback/f/a.jpg' });
    expect(onChange).toHaveBeenLastCalledWith(['cloud://local/feedback/f/a.jpg', 'cloud://local/feedback/f/b.jpg']);
    expect(onBusyChange).toHaveBeenLastCalledWith(false);
    expect(screen.queryByText('上传中…')).toBeNull();
    expect(screen.getByRole('button', { name: '添加照片，还可添加 4 张' })).toBeTruthy();
  });

  it('asks only for the photos left, keeps no more than the limit, and disables adding when full', async () => {
    pick('p1', 'p2', 'p3', 'p4');
    setup();
    fireEvent.click(addButton());
    await flush();
    pick('p5', 'p6', 'p7');
    fireEvent.keyDown(addButton(), { key: 'Enter' });
    await flush();
    expect(choose).toHaveBeenLastCalledWith(expect.objectContaining({ count: 2 }));
    expect(upload).toHaveBeenCalledTimes(6);
    expect(upload.mock.calls.map((c) => c[0])).not.toContain('p7');
    expect(screen.getByText('6/6')).toBeTruthy();
    const full = screen.getByRole('button', { name: '添加照片，已达上限 6 张' });
    expect(full.getAttribute('aria-disabled')).toBe('true');
    fireEvent.click(full);
    await flush();
    expect(choose).toHaveBeenCalledTimes(2);
    expect(screen.getByText('已达上限 6 张，删除后可再添加')).toBeTruthy();
  });

  it('removes a photo (also one still uploading, whose late result is then ignored)', async () => {
    pick('r1', 'r2', 'r3');
    const { onChange } = setup(3);
    fireEvent.click(addButton());
    await flush();
    await settle('r1', { fileId: 'cloud://x/1.jpg' });
    await settle('r2', { fileId: 'cloud://x/2.jpg' });
    expect(addButton().getAttribute('aria-disabled')).toBe('true');

    fireEvent.click(screen.getByRole('button', { name: '删除第 1 张照片' }));
    expect(onChange).toHaveBeenLastCalledWith(['cloud://x/2.jpg']);
    expect(screen.getByText('2/3')).toBeTruthy();
    expect(screen.getByRole('button', { name: '添加照片，还可添加 1 张' })).toBeTruthy();

    // r3 is now the second photo, still uploading.
    fireEvent.click(screen.getByRole('button', { name: '删除第 2 张照片' }));
    await settle('r3', { fileId: 'cloud://x/3.jpg' });
    expect(onChange).toHaveBeenLastCalledWith(['cloud://x/2.jpg']);
    expect(screen.getByText('1/3')).toBeTruthy();
  });

  it('shows a failed upload with its reason kept out of the list, and retries it', async () => {
    pick('f1');
    const { onChange, onBusyChange } = setup();
    fireEvent.click(addButton());
    await flush();
    await settle('f1', { error: new CloudError('UPLOAD.NOT_IMAGE') });
    expect(screen.getByRole('alert').textContent).toBe('上传失败');
    expect(onChange).not.toHaveBeenCalled();
    expect(onBusyChange).toHaveBeenLastCalledWith(false);

    fireEvent.click(screen.getByRole('button', { name: '重试上传第 1 张照片' }));
    await flush();
    expect(upload).toHaveBeenLastCalledWith('f1');
    expect(screen.getByText('上传中…')).toBeTruthy();
    expect(screen.queryByRole('alert')).toBeNull();
    await settle('f1', { fileId: 'cloud://x/f1.jpg' });
    expect(onChange).toHaveBeenLastCalledWith(['cloud://x/f1.jpg']);
    expect(screen.queryByRole('button', { name: /^重试/ })).toBeNull();
  });

  it('says nothing when the picker is dismissed, and says why when it cannot open', async () => {
    choose.mockRejectedValueOnce({ errMsg: 'chooseMedia:fail cancel' });
    setup();
    fireEvent.click(addButton());
    await flush();
    expect(choose).toHaveBeenCalled();
    expect(screen.queryByRole('alert')).toBeNull();
    choose.mockRejectedValueOnce({ errMsg: 'chooseMedia:fail auth deny' });
    fireEvent.click(addButton());
    await flush();
    expect(screen.getByRole('alert').textContent).toContain('无法选择照片');
    expect(upload).not.toHaveBeenCalled();
  });

  it('does not open the picker when disabled', async () => {
    setup(6, true);
    const button = addButton();
    expect(button.getAttribute('aria-disabled')).toBe('true');
    fireEvent.click(button);
    await flush();
    expect(choose).not.toHaveBeenCalled();
  });
});

describe('PhotoGrid', () => {
  const photos = [
    { fileId: 'cloud://x/1.jpg', url: '/files/a.jpg?exp=1&sig=s', pending: false },
    { fileId: 'cloud://x/2.jpg', url: '/files/b.jpg?exp=1&sig=s', pending: true },
    { fileId: 'cloud://x/3.jpg', url: null },
  ];

  it('labels photos staff see before they pass, and previews any photo with a link', () => {
    preview.mockResolvedValue({ errMsg: 'ok' });
    render(<PhotoGrid photos={photos} />);
    expect(screen.getAllByText('待审核，仅员工可见')).toHaveLength(1);
    expect(screen.getByText('照片暂不可用')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: '查看第 2 张照片（待审核，仅员工可见）大图' }));
    expect(preview).toHaveBeenCalledWith({ urls: ['/files/a.jpg?exp=1&sig=s', '/files/b.jpg?exp=1&sig=s'], current: '/files/b.jpg?exp=1&sig=s' });
    expect(screen.queryByRole('button', { name: /第 3 张/ })).toBeNull();
  });

  it('takes another label for the pending state', () => {
    render(<PhotoGrid photos={photos} pendingLabel='审核中' />);
    expect(screen.getByText('审核中')).toBeTruthy();
    expect(screen.queryByText('待审核，仅员工可见')).toBeNull();
  });
});
