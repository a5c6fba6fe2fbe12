/**
 * The production adapter: turns a FreshPal function into a WeChat cloud function `main`. Identity is
 * read from `cloud.getWXContext()` only; the database is `cloud.database()` itself.
 */
import { DomainError } from '../core/errors';
import type { Db } from '../ports/db';
import { installStorage, type FileStorage } from '../ports/storage';
import { hmacSigner } from './crypto';
import { installPayment } from '../ports/payment';
import { dispatch, handlePaymentNotice, isPaymentNotice, type CloudFunction, type Runtime } from './router';
import { lookupStaff } from './staff';
import { wxPayment, type WxCloudPaySdk } from './wxPayment';
import { installNotifier } from '../ports/notifier';
import { wxNotifier, type WxOpenApi } from './wxNotifier';
import { wxContentCheck, type WxSecuritySdk } from './wxContentCheck';
import { wxFileLinks, wxFileRemoval, type WxDeleteSdk } from './wxFileLinks';
import { installContentCheck } from '../ports/contentCheck';

interface WxServerSdk {
  DYNAMIC_CURRENT_ENV: unknown;
  init(opts: { env: unknown }): void;
  getWXContext(): { OPENID?: string; ENV?: string };
  database(): unknown;
  callFunction(opts: { name: string; data: unknown }): Promise<unknown>;
  downloadFile(opts: { fileID: string }): Promise<{ fileContent: Buffer }>;
  deleteFile: WxDeleteSdk['deleteFile'];
}

/** Cloud storage through `cloud.downloadFile` (the whole file as a Buffer). */
export function wxStorage(cloud: Pick<WxServerSdk, 'downloadFile'>): FileStorage {
  return {
    async download(fileId) {
      try {
        return (await cloud.downloadFile({ fileID: fileId })).fileContent;
      } catch (error) {
        const text = String((error as { errMsg?: string; message?: string })?.errMsg ?? (error as Error)?.message ?? '');
        if (/not exist|not found|STORAGE_FILE_NONEXIST|-404/i.test(text)) throw new DomainError('IMPORT.FILE_NOT_FOUND');
        throw error;
      }
    },
  };
}

export function createCloudMain(fn: CloudFunction) {
  // Loaded lazily and kept external by the bundler: the cloud provides it.
  const cloud = require('wx-server-sdk') as WxServerSdk & WxSecuritySdk;
  cloud.init({ env: cloud.DYNAMIC_CURRENT_ENV });
  const db = cloud.database() as Db;
  installPayment(wxPayment(cloud as unknown as WxCloudPaySdk));
  installNotifier(wxNotifier(cloud as unknown as WxOpenApi));
  installStorage({ ...wxStorage(cloud), ...wxFileLinks(cloud), ...wxFileRemoval(cloud) });
  installContentCheck(wxContentCheck(cloud));
  // Built on first use, so functions that never sign (jobs) do not need the secret configured.
  let signer: ReturnType<typeof hmacSigner> | null = null;
  const sign = () => (signer ??= hmacSigner(process.env.FRESHPAL_CODE_SECRET ?? ''));
  return async (event: unknown): Promise<unknown> => {
    const openid = cloud.getWXContext().OPENID || null;
    const runtime: Runtime = {
      db,
      now: Date.now(),
      mac: (message) => sign().mac(message),
      macEqual: (a, b) => sign().macEqual(a, b),
      invoke: async (name, data) => {
        await cloud.callFunction({ name, data });
      },
      log: (msg, detail) => console.error(`[${fn.name}] ${msg}`, detail),
    };
    // WeChat Pay's notice (no caller) answers WeChat Pay's protocol, not the envelope.
    if (isPaymentNotice(fn, event, openid)) return handlePaymentNotice(fn, event as Record<string, unknown>, runtime);
    return dispatch(fn, event, openid, runtime, lookupStaff);
  };
}
