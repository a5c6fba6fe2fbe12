/**
 * The file-storage port: what the functions read from cloud storage (an import file a manager
 * uploaded with `Taro.cloud.uploadFile`). The WeChat adapter downloads with `cloud.downloadFile`;
 * the local cloud reads from its data folder. The runtime installs its adapter once at start
 * (the router's Runtime stays as it is: only the import needs files).
 */
import { DomainError } from '../core/errors';

export interface FileStorage {
  /** The whole file; rejects with IMPORT.FILE_NOT_FOUND when there is no such file. */
  download(fileId: string): Promise<Buffer>;
}

let installed: FileStorage | null = null;

export function installStorage(storage: FileStorage | null): void {
  installed = storage;
}

export function fileStorage(): FileStorage {
  if (!installed) throw new DomainError('STORAGE.UNAVAILABLE');
  return installed;
}

/** Cloud file ids are `cloud://<env>.<bucket>/<path>`; the local cloud accepts the same shape. */
export const FILE_ID_PATTERN = /^cloud:\/\/[A-Za-z0-9._-]{1,120}\/[A-Za-z0-9._\-/]{1,400}$/;
