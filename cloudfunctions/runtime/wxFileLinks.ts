/**
 * Temporary links and existence checks for cloud storage, through `cloud.getTempFileURL` (at most 50
 * files a call, links at most a day). A file that does not exist comes back with a non-zero
 * `status`; a whole call that fails rejects (the caller decides what a missing link means).
 * Deletion goes through `cloud.deleteFile` (also 50 a call).
 */
import { DomainError } from '../core/errors';
import { batches, clampLinkSeconds, type FileLinks, type FileRemoval } from '../ports/storage';

export interface WxFilesSdk {
  getTempFileURL(opts: { fileList: { fileID: string; maxAge: number }[] }): Promise<{ fileList: { fileID: string; tempFileURL?: string; status?: number; errMsg?: string }[] }>;
}

/** An existence check needs a link WeChat would issue, not one anybody uses: keep it short. */
const PROBE_SECONDS = 60;

export function wxFileLinks(cloud: WxFilesSdk): FileLinks {
  async function links(fileIds: readonly string[], maxAge: number): Promise<Record<string, string>> {
    const answers = await Promise.all(
      batches(fileIds).map((batch) => cloud.getTempFileURL({ fileList: batch.map((fileID) => ({ fileID, maxAge })) })),
    );
    const urls: Record<string, string> = {};
    for (const answer of answers) {
      for (const f of answer.fileList ?? []) {
        if ((f.status ?? 0) === 0 && typeof f.tempFileURL === 'string' && f.tempFileURL !== '') urls[f.fileID] = f.tempFileURL;
      }
    }
    return urls;
  }
  return {
    temporaryUrls: (fileIds, maxAgeSeconds) => links(fileIds, clampLinkSeconds(maxAgeSeconds)),
    async exists(fileIds) {
      const urls = await links(fileIds, PROBE_SECONDS);
      return fileIds.map((id) => Object.prototype.hasOwnProperty.call(urls, id));
    },
  };
}

export interface WxDeleteSdk {
  deleteFile(opts: { fileList: string[] }): Promise<{ fileList: { fileID: string; status?: number; errMsg?: string }[] }>;
}

/**
 * `remove` through `cloud.deleteFile`, one call per 50 distinct ids. WeChat answers per file; a file
 * that is already gone comes back as a failure whose wording is not documented, so every failed id
 * is asked about once more (`exists`): gone is what erasure wants, still there rejects.
 */
export function wxFileRemoval(cloud: WxDeleteSdk & WxFilesSdk): FileRemoval {
  const { exists } = wxFileLinks(cloud);
  return {
    async remove(fileIds) {
      const failed: string[] = [];
      for (const batch of batches(fileIds)) {
        const answer = await cloud.deleteFile({ fileList: batch });
        const deleted = new Set((answer.fileList ?? []).filter((f) => (f.status ?? 0) === 0).map((f) => f.fileID));
        failed.push(...batch.filter((id) => !deleted.has(id)));
      }
      if (failed.length === 0) return;
      if ((await exists(failed)).some(Boolean)) throw new DomainError('STORAGE.UNAVAILABLE');
    },
  };
}
