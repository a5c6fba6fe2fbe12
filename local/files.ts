/**
 * The local cloud's file helpers: what kind of image a body is (by its first bytes, never by its
 * name), signed temporary links to `GET /files/<path>` (the local stand-in for WeChat's
 * `getTempFileURL`), and the one check that keeps every path inside the files folder.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import { clampLinkSeconds } from '../cloudfunctions/ports/storage';

export type ImageKind = { ext: 'jpg' | 'png' | 'webp'; contentType: 'image/jpeg' | 'image/png' | 'image/webp' };

const startsWith = (body: Buffer, bytes: number[], at = 0) => body.length >= at + bytes.length && bytes.every((b, i) => body[at + i] === b);

/** JPEG, PNG or WebP by magic bytes; null for anything else (an SVG, HTML or a renamed text file). */
export function sniffImage(body: Buffer): ImageKind | null {
  if (startsWith(body, [0xff, 0xd8, 0xff])) return { ext: 'jpg', contentType: 'image/jpeg' };
  if (startsWith(body, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return { ext: 'png', contentType: 'image/png' };
  // RIFF <size> WEBP
  if (startsWith(body, [0x52, 0x49, 0x46, 0x46]) && startsWith(body, [0x57, 0x45, 0x42, 0x50], 8)) return { ext: 'webp', contentType: 'image/webp' };
  return null;
}

/** One path segment under the files folder: no separators, no leading dot (so never `.` or `..`). */
const SEGMENT = /^[A-Za-z0-9_-][A-Za-z0-9._-]{0,119}$/;

/**
 * A request path below `/files/` as a safe relative path (`feedback/ab12…/x.jpg`), or null when any
 * segment is empty, encoded oddly, hidden, `..`, or carries a separator once decoded.
 */
export function safeRelativePath(encoded: string): string | null {
  const parts = encoded.split('/');
  if (parts.length === 0 || parts.length > 8) return null;
  const decoded: string[] = [];
  for (const part of parts) {
    let segment: string;
    try {
      segment = decodeURIComponent(part);
    } catch {
      return null;
    }
    if (!SEGMENT.test(segment)) return null;
    decoded.push(segment);
  }
  return decoded.join('/');
}

export interface FileLinkSigner {
  /** `/files/<path>?exp=<unix seconds>&sig=<HMAC>`, valid for `maxAgeSeconds` (at most a day). */
  url(path: string, maxAgeSeconds: number): string;
  /** Whether a link's `exp` and `sig` are genuine for this path and not yet expired. */
  verify(path: string, exp: string | null, sig: string | null): { ok: true; expiresAt: number } | { ok: false };
}

/**
 * Links signed with a secret that lives only in this process (a new one per server start), so a link
 * cannot be made without the server and none outlives it; `clock` is the server's.
 */
export function fileLinkSigner(secret: Buffer | string, clock: () => number = Date.now): FileLinkSigner {
  if (secret.length < 16) throw new Error('file link secret must be at least 16 bytes');
  const mac = (path: string, exp: number) => createHmac('sha256', secret).update(`${path}\n${exp}`).digest('base64url');
  return {
    url(path, maxAgeSeconds) {
      const exp = Math.floor(clock() / 1000) + clampLinkSeconds(maxAgeSeconds);
      const encoded = path.split('/').map(encodeURIComponent).join('/');
      return `/files/${encoded}?exp=${exp}&sig=${mac(path, exp)}`;
    },
    verify(path, exp, sig) {
      if (exp === null || sig === null || !/^\d{1,12}$/.test(exp)) return { ok: false };
      const expiresAt = Number(exp) * 1000;
      if (expiresAt <= clock()) return { ok: false };
      const expected = Buffer.from(mac(path, Number(exp)));
      const given = Buffer.from(sig);
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) return { ok: false };
      return { ok: true, expiresAt };
    },
  };
}
