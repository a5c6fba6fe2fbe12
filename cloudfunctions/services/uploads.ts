/**
 * Customer uploads (feedback photos): where each caller's files live, and the check that a file id a
 * customer submits is one of their own uploads.
 *
 * The scheme, the same in the cloud and in the local cloud:
 *   `feedback/<folder>/<name>` with `folder = uploadFolder(openid)` (the first 32 hex digits of the
 *   SHA-256 of the openid: the same for every upload of one caller, says nothing about the openid
 *   in a link, safe on case-insensitive file systems) and `name` a random, unguessable file name
 *   (`[A-Za-z0-9_-]{16,64}` and `.jpg`, `.jpeg`, `.png` or `.webp`).
 * - weapp: the page gets its folder from a cloud function (`uploadFolder(ctx.caller.openid)`) and
 *   uploads with `Taro.cloud.uploadFile({ cloudPath: '<folder>/<name>' })`.
 * - local cloud: `POST /files/feedback` picks the folder from the caller itself.
 *
 * A caller could upload into someone else's folder only by knowing it, and what lands there never
 * counts as that person's submission unless they submit it. Deploy the storage permission as a
 * custom rule that is not public read (public-read links never expire) and lets only the creator
 * write: `{ "read": "resource.openid == auth.openid", "write": "resource.openid == auth.openid" }`;
 * the functions read every file with admin rights regardless.
 */
import { createHash } from 'node:crypto';
import type { ServerErrorCode } from '../core/errorCodes';
import { DomainError } from '../core/errors';
import { FILE_ID_PATTERN, fileStorage } from '../ports/storage';

export const UPLOAD_ROOT = 'feedback';
export const MAX_PHOTO_BYTES = 10 * 1024 * 1024;
export const PHOTO_NAME_PATTERN = /^[A-Za-z0-9_-]{16,64}\.(?:jpg|jpeg|png|webp)$/;

/** `feedback/<32 hex digits>`: the caller's upload folder (a cloudPath prefix, a local folder). */
export function uploadFolder(openid: string): string {
  return `${UPLOAD_ROOT}/${createHash('sha256').update(openid, 'utf8').digest('hex').slice(0, 32)}`;
}

/** The path inside the storage of a `cloud://<env>/<path>` file id, or null when it is not one. */
export function fileIdPath(fileId: string): string | null {
  if (!FILE_ID_PATTERN.test(fileId)) return null;
  return /^cloud:\/\/[^/]+\/(.+)$/.exec(fileId)?.[1] ?? null;
}

/**
 * Whether `fileId` names a file in the caller's own upload folder (cloud or local ids alike). Shape
 * only: `assertOwnUploads` also checks that the files exist.
 */
export function ownsUpload(openid: string, fileId: string): boolean {
  const path = fileIdPath(fileId);
  if (path === null) return false;
  const prefix = `${uploadFolder(openid)}/`;
  return path.startsWith(prefix) && PHOTO_NAME_PATTERN.test(path.slice(prefix.length));
}

/**
 * Refuses (with `code`) unless every id is the caller's own upload and exists in storage; one
 * storage round trip. Duplicate ids are refused too: a photo is attached once.
 */
export async function assertOwnUploads(openid: string, fileIds: readonly string[], code: ServerErrorCode = 'UPLOAD.NOT_YOURS'): Promise<void> {
  if (fileIds.length === 0) return;
  if (new Set(fileIds).size !== fileIds.length || !fileIds.every((id) => ownsUpload(openid, id))) throw new DomainError(code);
  const found = await fileStorage().exists(fileIds);
  if (!found.every(Boolean)) throw new DomainError(code);
}
