/**
 * The file-storage port: what the functions do with cloud storage. An import file a manager uploaded
 * with `Taro.cloud.uploadFile` is downloaded; a customer's feedback photo is checked to exist and
 * shown through temporary links; erasure deletes a member's photos. The WeChat adapter uses
 * `cloud.downloadFile`, `cloud.getTempFileURL` and `cloud.deleteFile`; the local cloud reads (and
 * deletes in) its data folder and signs its own links. The runtime
 * installs its adapter once at start (the router's Runtime stays as it is).
 *
 * Deployment: WeChat gives links that never expire for public-read files, so the storage
 * permission must not be public read (see `services/uploads.ts` for the rule).
 */
import { DomainError } from '../core/errors';

export interface FileStorage {
  /** The whole file; rejects with IMPORT.FILE_NOT_FOUND when there is no such file. */
  download(fileId: string): Promise<Buffer>;
}

/** What the photo flow needs besides downloads. */
export interface FileLinks {
  /**
   * Temporary links, issued now, valid for `maxAgeSeconds` (at most a day; more is cut to a day):
   * fileId → URL. A file that does not exist (or that storage refused) has no entry. Any number of
   * ids; the WeChat adapter asks 50 at a time.
   */
  temporaryUrls(fileIds: readonly string[], maxAgeSeconds: number): Promise<Record<string, string>>;
  /** Whether each file exists, in the order asked (one storage round trip per 50 ids). */
  exists(fileIds: readonly string[]): Promise<boolean[]>;
}

/** What erasure needs: files gone for good. */
export interface FileRemoval {
  /**
   * Deletes the files (any number; the WeChat adapter sends 50 a call). A file that is already gone
   * counts as deleted, so a rerun after a crash succeeds; resolves only when none of them is left,
   * and rejects (STORAGE.UNAVAILABLE) when storage kept one.
   */
  remove(fileIds: readonly string[]): Promise<void>;
}

/** WeChat's longest temporary link. */
export const MAX_LINK_SECONDS = 86_400;
/** WeChat's `getTempFileURL` and `deleteFile` take at most this many files a call. */
export const TEMP_URL_BATCH = 50;

type Installed = FileStorage & FileLinks & FileRemoval;

let installed: Installed | null = null;

const unavailable = async (): Promise<never> => {
  throw new DomainError('STORAGE.UNAVAILABLE');
};

/**
 * Installs an adapter. One that only downloads (a test's stand-in for the import) is completed with
 * methods that answer STORAGE.UNAVAILABLE.
 */
export function installStorage(storage: (FileStorage & Partial<FileLinks & FileRemoval>) | null): void {
  installed = storage ? { temporaryUrls: unavailable, exists: unavailable, remove: unavailable, ...storage } : null;
}

export function fileStorage(): Installed {
  if (!installed) throw new DomainError('STORAGE.UNAVAILABLE');
  return installed;
}

/** Cloud file ids are `cloud://<env>.<bucket>/<path>`; the local cloud accepts the same shape. */
export const FILE_ID_PATTERN = /^cloud:\/\/[A-Za-z0-9._-]{1,120}\/[A-Za-z0-9._\-/]{1,400}$/;

/** A link's lifetime in whole seconds, between 1 second and a day. */
export const clampLinkSeconds = (seconds: number): number => Math.min(MAX_LINK_SECONDS, Math.max(1, Math.floor(Number.isFinite(seconds) ? seconds : 0)));

/** Splits ids into batches of `size`, dropping duplicates (a link per distinct file). */
export function batches(fileIds: readonly string[], size = TEMP_URL_BATCH): string[][] {
  const unique = [...new Set(fileIds)];
  const out: string[][] = [];
  for (let i = 0; i < unique.length; i += size) out.push(unique.slice(i, i + size));
  return out;
}
