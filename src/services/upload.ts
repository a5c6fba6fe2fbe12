/**
 * Feedback photos to cloud storage; resolves to the photo's fileID (`cloud://…`), which a feedback
 * call then carries.
 *
 * - weapp: `Taro.compressImage`, then `Taro.cloud.uploadFile` to `<folder>/<random name>.<ext>`, the
 *   folder being the caller's own (`feedback.uploadFolder`, asked once per session; the functions
 *   accept only files from it, see cloudfunctions/services/uploads.ts).
 * - H5 (local development only): the picked image is POSTed to the local server's
 *   `POST /files/feedback` with the dev identity; the server picks the folder and the name.
 */
import Taro from '@tarojs/taro';
import { callCloud } from './cloud';
import { CloudError } from './errors';
import { unwrapEnvelope } from './envelope';

/** The same limit the local server and WeChat's media check apply. */
export const MAX_PHOTO_BYTES = 10 * 1024 * 1024;

// H5 only, kept in a module-level branch so the weapp build drops it (see services/cloud.ts).
const dev: { identity: typeof import('../dev/identity'); cloud: typeof import('../dev/localCloud') } | null =
  process.env.TARO_ENV === 'h5'
    ? { identity: require('../dev/identity') as typeof import('../dev/identity'), cloud: require('../dev/localCloud') as typeof import('../dev/localCloud') }
    : null;

const uploadFailed = () => new CloudError('CLIENT.NETWORK', '照片上传失败，请检查网络后重试');

let folder: Promise<string> | null = null;

/** The caller's upload folder, asked once; a failed ask is asked again next time. */
function uploadFolder(): Promise<string> {
  if (!folder) {
    folder = callCloud('feedback', 'uploadFolder').then((r) => r.folder);
    folder.catch(() => {
      folder = null;
    });
  }
  return folder;
}

/** Forget the folder (another identity signs in). */
export function forgetUploadFolder(): void {
  folder = null;
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** A random storage name: unguessable enough that nobody overwrites or finds another's photo. */
function randomName(): string {
  let out = Date.now().toString(36);
  for (let i = 0; i < 20; i += 1) out += ALPHABET[Math.floor(Math.random() * ALPHABET.length)];
  return out;
}

function extensionOf(path: string): string {
  const ext = /\.([A-Za-z0-9]{1,5})$/.exec(path)?.[1]?.toLowerCase();
  return ext === 'png' || ext === 'webp' || ext === 'jpeg' ? ext : 'jpg';
}

// Plain promise chains, no async/await: keeps Babel's regenerator runtime out of the weapp bundle.
function uploadWeapp(localPath: string): Promise<string> {
  const compressed = Taro.compressImage({ src: localPath, quality: 80 }).then(
    (r) => r.tempFilePath,
    () => localPath, // not every image compresses (a PNG on some devices): send it as picked
  );
  return Promise.all([compressed, uploadFolder()]).then(([filePath, dir]) =>
    Taro.cloud.uploadFile({ cloudPath: `${dir}/${randomName()}.${extensionOf(filePath)}`, filePath }).then(
      (r) => r.fileID,
      () => {
        throw uploadFailed();
      },
    ),
  );
}

function uploadLocal(localPath: string): Promise<string> {
  if (!dev) return Promise.reject(new CloudError('CLIENT.NETWORK', '仅本地开发模式可用'));
  const openid = dev.identity.getDevOpenid();
  const header = dev.cloud.DEV_OPENID_HEADER;
  return fetch(localPath)
    .then((r) => r.blob())
    .catch(() => {
      throw new CloudError('CLIENT.NETWORK', '读取照片失败，请重新选择');
    })
    .then((blob) => {
      if (blob.size > MAX_PHOTO_BYTES) throw new CloudError('REQUEST.TOO_LARGE', '照片不能超过 10 MB');
      return fetch('/files/feedback', {
        method: 'POST',
        headers: { 'Content-Type': blob.type || 'application/octet-stream', ...(openid ? { [header]: openid } : {}) },
        body: blob,
      }).catch(() => {
        throw uploadFailed();
      });
    })
    .then((res) =>
      res.json().then(
        (body: unknown) => unwrapEnvelope<{ fileID: string }>(body).fileID,
        () => {
          throw new CloudError('CLIENT.BAD_RESPONSE', `上传服务返回了无法识别的结果（HTTP ${res.status}）`);
        },
      ),
    );
}

/** Uploads one picked photo (a `Taro.chooseMedia` temp path); resolves to its fileID. */
export function uploadPhoto(localPath: string): Promise<string> {
  return process.env.TARO_ENV === 'weapp' ? uploadWeapp(localPath) : uploadLocal(localPath);
}
