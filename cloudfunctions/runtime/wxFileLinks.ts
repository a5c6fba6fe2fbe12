/**
 * Temporary links and existence checks for cloud storage, through `cloud.getTempFileURL` (at most 50
 * files a call, links at most a day). A file that does not exist comes back with a non-zero
 * `status`; a whole call that fails rejects (the caller decides what a missing link means).
 */
import { batches, clampLinkSeconds, type FileLinks } from '../ports/storage';

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
