/**
 * Picking a CSV on the staff phone and getting it to the cloud. weapp: a file from a chat
 * (`chooseMessageFile`), uploaded with `Taro.cloud.uploadFile`. H5 (local development only): the
 * browser's file picker, posted to the local server's `POST /files` with the dev identity.
 */
import Taro from '@tarojs/taro';
import { CloudError } from '../../services/errors';
import { unwrapEnvelope } from '../../services/envelope';

export interface PickedFile { name: string; size: number; /** weapp: a temp path; H5: the File. */ handle: string | File }

// H5 only, kept in a module-level branch so the weapp build drops it (see services/cloud.ts).
// The header's name comes from the dev transport too: nothing of it may reach the weapp bundle.
const dev: { identity: typeof import('../../dev/identity'); cloud: typeof import('../../dev/localCloud') } | null =
  process.env.TARO_ENV === 'h5'
    ? { identity: require('../../dev/identity') as typeof import('../../dev/identity'), cloud: require('../../dev/localCloud') as typeof import('../../dev/localCloud') }
    : null;

/** The user dismissed the picker: not an error worth words. */
export const CANCELLED = 'cancelled';

function pickInBrowser(accept: string): Promise<PickedFile> {
  return new Promise((resolve, reject) => {
    const input = document.createElement('input');
    input.type = 'file';
    input.accept = accept;
    input.style.display = 'none';
    input.addEventListener('change', () => {
      const file = input.files?.[0];
      input.remove();
      if (file) resolve({ name: file.name, size: file.size, handle: file });
      else reject(new Error(CANCELLED));
    });
    document.body.appendChild(input);
    input.click();
  });
}

export function pickCsv(): Promise<PickedFile> {
  if (process.env.TARO_ENV === 'weapp') {
    return Taro.chooseMessageFile({ count: 1, type: 'file', extension: ['csv', 'txt'] }).then(
      (res) => {
        const f = res.tempFiles[0];
        if (!f) throw new Error(CANCELLED);
        return { name: f.name, size: f.size, handle: f.path };
      },
      (e: unknown) => {
        const msg = (e as { errMsg?: string } | null)?.errMsg ?? '';
        throw new Error(msg.includes('cancel') ? CANCELLED : '选择文件失败，请重试');
      },
    );
  }
  return pickInBrowser('.csv,text/csv,text/plain');
}

/** The file's text (UTF-8), for the catalogue CSV that travels in the call itself. */
export function readText(file: PickedFile): Promise<string> {
  if (typeof file.handle !== 'string') return file.handle.text();
  const path = file.handle;
  return new Promise((resolve, reject) => {
    Taro.getFileSystemManager().readFile({
      filePath: path,
      encoding: 'utf8',
      success: (r) => resolve(String(r.data)),
      fail: () => reject(new Error('读取文件失败，请重试')),
    });
  });
}

/** Storage names: ASCII only, so the same name works in cloud storage and the local data folder. */
export function storageName(original: string, now: number): string {
  const ext = /\.([A-Za-z0-9]{1,8})$/.exec(original)?.[1]?.toLowerCase() ?? 'csv';
  const stem = original.replace(/\.[^.]*$/, '').replace(/[^A-Za-z0-9_-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 40);
  return `orders-${now.toString(36)}${stem ? `-${stem}` : ''}.${ext}`;
}

/** Uploads the file; resolves to its fileID (`cloud://…`). */
export function uploadFile(file: PickedFile, now: number = Date.now()): Promise<string> {
  const name = storageName(file.name, now);
  if (typeof file.handle === 'string') {
    return Taro.cloud.uploadFile({ cloudPath: `imports/${name}`, filePath: file.handle }).then(
      (r) => r.fileID,
      () => {
        throw new CloudError('CLIENT.NETWORK', '上传失败，请检查网络后重试');
      },
    );
  }
  if (!dev) return Promise.reject(new CloudError('CLIENT.NETWORK', '仅本地开发模式可用'));
  const openid = dev.identity.getDevOpenid();
  return fetch(`/files?name=${encodeURIComponent(name)}`, {
    method: 'POST',
    headers: { 'Content-Type': 'text/csv', ...(openid ? { [dev.cloud.DEV_OPENID_HEADER]: openid } : {}) },
    body: file.handle,
  }).then(
    (res) => res.json().then((body: unknown) => unwrapEnvelope<{ fileID: string }>(body).fileID),
    () => {
      throw new CloudError('CLIENT.NETWORK', '上传失败，请检查本地服务是否在运行');
    },
  );
}
