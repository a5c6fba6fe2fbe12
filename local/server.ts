/**
 * The local cloud: one HTTP server that serves the H5 app and exposes every cloud function as
 * `POST /cloud/<function>` with the event as the JSON body. The caller is the `X-Dev-Openid` header,
 * which exists only here; the production runtime reads identity from the WeChat context.
 */
import { randomBytes } from 'node:crypto';
import { createReadStream, existsSync, statSync } from 'node:fs';
import { mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';
import type { DemoIdentityView, Envelope } from '../cloudfunctions/contracts/api';
import { isManagerRole } from '../cloudfunctions/core/staff/roles';
import { functions } from '../cloudfunctions/registry';
import { httpStatusOf, type ServerErrorCode } from '../cloudfunctions/contracts/errors';
import { fail, ok, RequestErrors } from '../cloudfunctions/runtime/envelope';
import { dispatch, type Runtime } from '../cloudfunctions/runtime/router';
import { lookupStaff } from '../cloudfunctions/runtime/staff';
import type { Db } from '../cloudfunctions/ports/db';
import { isDomainError } from '../cloudfunctions/core/errors';
import { simulatePayment } from './payment';
import { MAX_PHOTO_BYTES, uploadFolder } from '../cloudfunctions/services/uploads';
import { safeRelativePath, sniffImage, type FileLinkSigner } from './files';

export const MAX_BODY_BYTES = 64 * 1024;
/** Only the upload endpoint takes large bodies (a POS/ERP export). */
export const MAX_UPLOAD_BYTES = 20 * 1024 * 1024;
/** An uploaded file's name: no folders, nothing the storage adapter would refuse. */
const UPLOAD_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,119}$/;
const OPENID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

export interface LocalCloudOptions {
  db: Db;
  /** Folder of the H5 build; null serves no static files (function tests). */
  staticDir: string | null;
  clock: () => number;
  signer: Pick<Runtime, 'mac' | 'macEqual'>;
  demoIdentities: DemoIdentityView[];
  /**
   * `<data folder>/files`, where `POST /files` stores uploads (the local stand-in for
   * `Taro.cloud.uploadFile`); null or absent refuses uploads.
   */
  filesDir?: string | null;
  /** Verifies the signed links `GET /files/<path>` serves (the storage adapter issues them). */
  fileLinks?: Pick<FileLinkSigner, 'verify'> | null;
  log?: (msg: string, detail?: unknown) => void;
}

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
};

function send(res: ServerResponse, status: number, envelope: Envelope<unknown>): void {
  const body = JSON.stringify(envelope);
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': Buffer.byteLength(body), 'Cache-Control': 'no-store' });
  res.end(body);
}

/** The status comes from the error registry: every code declares its own. */
const sendFailure = (res: ServerResponse, code: ServerErrorCode, message?: string) => send(res, httpStatusOf(code), fail(code, message));

/** Reads at most MAX_BODY_BYTES; resolves null when the body is larger (and stops reading). */
function readBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<Buffer | null> {
  return new Promise((resolvePromise, reject) => {
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > limit) {
      req.resume();
      resolvePromise(null);
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let overflow = false;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) overflow = true;
      else if (!overflow) chunks.push(chunk);
    });
    req.on('end', () => resolvePromise(overflow ? null : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

export function createLocalCloud(options: LocalCloudOptions): Server {
  const log = options.log ?? ((msg: string, detail?: unknown) => console.error(`[local-cloud] ${msg}`, detail ?? ''));
  const staticRoot = options.staticDir ? resolve(options.staticDir) : null;

  const runtime = (): Runtime => ({
    db: options.db,
    now: options.clock(),
    ...options.signer,
    // Chained invocations run in the background, as another function instance would.
    invoke: async (name, event) => {
      const fn = functions[name];
      if (!fn) throw new Error(`no function ${name}`);
      setImmediate(() => {
        dispatch(fn, event, null, runtime(), lookupStaff).catch((error: unknown) => log(`chained ${name} failed`, error));
      });
    },
    log,
  });

  async function handleCloud(req: IncomingMessage, res: ServerResponse, name: string): Promise<void> {
    const fn = Object.prototype.hasOwnProperty.call(functions, name) ? functions[name] : undefined;
    const body = await readBody(req);
    if (body === null) return sendFailure(res, RequestErrors.TOO_LARGE, `请求体不能超过 ${MAX_BODY_BYTES / 1024} KB`);
    if (!fn) return sendFailure(res, RequestErrors.UNKNOWN_FUNCTION, `未知的云函数：${name}`);
    const openid = req.headers['x-dev-openid'];
    if (typeof openid !== 'string' || !OPENID_PATTERN.test(openid)) {
      return sendFailure(res, RequestErrors.UNAUTHENTICATED, '缺少演示身份（X-Dev-Openid）');
    }
    let event: unknown;
    try {
      event = JSON.parse(body.toString('utf8'));
    } catch {
      return sendFailure(res, RequestErrors.MALFORMED_JSON, '请求体不是合法的 JSON');
    }
    if (typeof event !== 'object' || event === null || Array.isArray(event)) {
      return sendFailure(res, RequestErrors.INVALID, '请求体必须是 JSON 对象');
    }
    const envelope = await dispatch(fn, event, openid, runtime(), lookupStaff);
    send(res, envelope.ok ? 200 : httpStatusOf(envelope.error.code), envelope);
  }

  /**
   * POST /files?name=<name>: the raw body becomes `<filesDir>/<name>`, answered with the fileID
   * `cloud://local/<name>` that the local storage adapter resolves back to it. Managers only: the
   * one reader is the manager-only order import.
   */
  async function handleUpload(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const openid = req.headers['x-dev-openid'];
    if (typeof openid !== 'string' || !OPENID_PATTERN.test(openid)) {
      req.resume();
      return sendFailure(res, RequestErrors.UNAUTHENTICATED, '缺少演示身份（X-Dev-Openid）');
    }
    const staff = await lookupStaff(options.db, openid);
    if (!staff || !isManagerRole(staff.role)) {
      req.resume();
      return sendFailure(res, RequestErrors.FORBIDDEN, '仅店长可以上传导入文件');
    }
    const filesDir = options.filesDir ? resolve(options.filesDir) : null;
    if (!filesDir) {
      req.resume();
      return sendFailure(res, 'STORAGE.UNAVAILABLE');
    }
    const name = url.searchParams.get('name') ?? '';
    if (!UPLOAD_NAME_PATTERN.test(name) || name.includes('..')) {
      req.resume();
      return sendFailure(res, RequestErrors.INVALID, '文件名只能包含字母、数字、点、横线和下划线');
    }
    const body = await readBody(req, MAX_UPLOAD_BYTES);
    if (body === null) return sendFailure(res, RequestErrors.TOO_LARGE, `文件不能超过 ${MAX_UPLOAD_BYTES / 1024 / 1024} MB`);
    if (body.length === 0) return sendFailure(res, RequestErrors.INVALID, '文件是空的');
    await mkdir(filesDir, { recursive: true });
    // Written aside then renamed: an import never reads a half-written file.
    const target = join(filesDir, name);
    const temp = `${target}.${process.pid}.${Date.now()}.part`;
    await writeFile(temp, body);
    await rename(temp, target);
    send(res, 200, ok({ fileID: `cloud://local/${name}`, size: body.length }));
  }

  /**
   * POST /files/feedback: a customer's photo (the raw body, ≤ 10 MB, JPEG/PNG/WebP by its first
   * bytes) becomes `<filesDir>/feedback/<caller's folder>/<random name>`, answered with its fileID
   * `cloud://local/feedback/…` (see services/uploads.ts for the scheme).
   */
  async function handlePhotoUpload(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const openid = req.headers['x-dev-openid'];
    if (typeof openid !== 'string' || !OPENID_PATTERN.test(openid)) {
      req.resume();
      return sendFailure(res, RequestErrors.UNAUTHENTICATED, '缺少演示身份（X-Dev-Openid）');
    }
    const filesDir = options.filesDir ? resolve(options.filesDir) : null;
    if (!filesDir) {
      req.resume();
      return sendFailure(res, 'STORAGE.UNAVAILABLE');
    }
    const body = await readBody(req, MAX_PHOTO_BYTES);
    if (body === null) return sendFailure(res, RequestErrors.TOO_LARGE, `图片不能超过 ${MAX_PHOTO_BYTES / 1024 / 1024} MB`);
    const kind = sniffImage(body);
    if (!kind) return sendFailure(res, 'UPLOAD.NOT_IMAGE');
    const rel = `${uploadFolder(openid)}/${randomBytes(16).toString('base64url')}.${kind.ext}`;
    const target = join(filesDir, rel);
    await mkdir(join(target, '..'), { recursive: true });
    const temp = `${target}.${process.pid}.part`;
    await writeFile(temp, body);
    await rename(temp, target);
    send(res, 200, ok({ fileID: `cloud://local/${rel}`, size: body.length }));
  }

  /**
   * GET /files/<path>?exp=&sig=: a file under the files folder, only through a link the storage
   * adapter signed and that has not expired (403 otherwise). Images go out with their type from
   * their bytes; anything else as a download. `nosniff` either way.
   */
  async function serveFile(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const filesDir = options.filesDir ? resolve(options.filesDir) : null;
    if (!filesDir || !options.fileLinks) return sendFailure(res, 'STORAGE.UNAVAILABLE');
    const rel = safeRelativePath(url.pathname.slice('/files/'.length));
    if (rel === null) return sendFailure(res, RequestErrors.INVALID, '文件路径无效');
    const link = options.fileLinks.verify(rel, url.searchParams.get('exp'), url.searchParams.get('sig'));
    if (!link.ok) return sendFailure(res, 'UPLOAD.LINK_INVALID');
    const full = resolve(filesDir, rel);
    if (!full.startsWith(filesDir + sep)) return sendFailure(res, RequestErrors.INVALID, '文件路径无效');
    const info = await stat(full).catch(() => null);
    if (!info?.isFile()) return sendFailure(res, RequestErrors.NOT_FOUND, '文件不存在');
    const body = await readFile(full);
    const kind = sniffImage(body);
    const maxAge = Math.max(0, Math.floor((link.expiresAt - options.clock()) / 1000));
    res.writeHead(200, {
      'Content-Type': kind ? kind.contentType : 'application/octet-stream',
      ...(kind ? {} : { 'Content-Disposition': 'attachment' }),
      'Content-Length': body.length,
      'X-Content-Type-Options': 'nosniff',
      'Cache-Control': `private, max-age=${maxAge}`,
    });
    res.end(req.method === 'HEAD' ? undefined : body);
  }

  /** POST /dev/simulatePayment `{ orderId }`: 模拟支付 of the caller's unpaid order (local/payment.ts). */
  async function handleSimulatePayment(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const openid = req.headers['x-dev-openid'];
    const body = await readBody(req);
    if (typeof openid !== 'string' || !OPENID_PATTERN.test(openid)) return sendFailure(res, RequestErrors.UNAUTHENTICATED, '缺少演示身份（X-Dev-Openid）');
    let orderId: unknown;
    try {
      orderId = (JSON.parse(body?.toString('utf8') ?? '') as { orderId?: unknown }).orderId;
    } catch {
      return sendFailure(res, RequestErrors.MALFORMED_JSON);
    }
    if (typeof orderId !== 'string' || !OPENID_PATTERN.test(orderId)) return sendFailure(res, RequestErrors.INVALID, '缺少订单号');
    try {
      const ack = await simulatePayment(runtime(), openid, orderId);
      if (ack.errcode !== 0) return sendFailure(res, 'PAYMENT.GATEWAY_FAILED', `模拟支付未被接受：${ack.errmsg}`);
      send(res, 200, ok(ack));
    } catch (error) {
      if (!isDomainError(error)) throw error;
      sendFailure(res, error.code, error.message);
    }
  }

  function serveStatic(req: IncomingMessage, res: ServerResponse, pathname: string): void {
    if (!staticRoot) return sendFailure(res, RequestErrors.NOT_FOUND);
    const wanted = normalize(join(staticRoot, decodeURIComponent(pathname)));
    const inside = wanted.startsWith(staticRoot);
    const file = inside && existsSync(wanted) && statSync(wanted).isFile() ? wanted : join(staticRoot, 'index.html');
    if (!existsSync(file)) return sendFailure(res, RequestErrors.NOT_FOUND, 'H5 尚未构建：请运行 npm run build:h5');
    res.writeHead(200, { 'Content-Type': MIME[extname(file)] ?? 'application/octet-stream' });
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    createReadStream(file).pipe(res);
  }

  return createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://local');
    const cloud = /^\/cloud\/([^/]+)$/.exec(url.pathname);
    const work = (async () => {
      if (cloud) {
        if (req.method !== 'POST') return sendFailure(res, RequestErrors.INVALID, '云函数只接受 POST');
        return handleCloud(req, res, cloud[1] as string);
      }
      if (url.pathname === '/files' && req.method === 'POST') return handleUpload(req, res, url);
      if (url.pathname === '/files/feedback' && req.method === 'POST') return handlePhotoUpload(req, res);
      if (url.pathname.startsWith('/files/') && (req.method === 'GET' || req.method === 'HEAD')) return serveFile(req, res, url);
      if (url.pathname === '/dev/identities' && req.method === 'GET') return send(res, 200, ok(options.demoIdentities));
      if (url.pathname === '/dev/simulatePayment' && req.method === 'POST') return handleSimulatePayment(req, res);
      if (req.method === 'GET' || req.method === 'HEAD') return serveStatic(req, res, url.pathname);
      return sendFailure(res, RequestErrors.INVALID, '不支持的请求');
    })();
    work.catch((error: unknown) => {
      log('request failed', error);
      if (!res.headersSent) sendFailure(res, RequestErrors.INTERNAL);
      else res.end();
    });
  });
}
