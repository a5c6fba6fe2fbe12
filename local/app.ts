/**
 * Wiring for the local cloud, shared by `npm start`, the function tests and the benchmarks: the
 * embedded database with FreshPal's indexes, demo seeding, and the HTTP server.
 */
import { randomBytes } from 'node:crypto';
import { readFile, rm, stat } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { join, normalize, sep } from 'node:path';
import type { Server } from 'node:http';
import { defaultAppConfig } from '../cloudfunctions/core/config';
import { hmacSigner } from '../cloudfunctions/runtime/crypto';
import { DomainError } from '../cloudfunctions/core/errors';
import { installStorage, type FileLinks, type FileRemoval, type FileStorage } from '../cloudfunctions/ports/storage';
import { installContentCheck } from '../cloudfunctions/ports/contentCheck';
import { localContentCheck } from './contentCheck';
import { fileLinkSigner, type FileLinkSigner } from './files';
import { C } from '../cloudfunctions/services/collections';
import { runJob } from '../cloudfunctions/services/jobs';
import { seedCare } from './seed/care';
import { openLocalDb, type IndexSpec, type LocalDb } from './clouddb';
import { demoIdentities, generateDemo, type SeedData } from './seed/demo';
import { createLocalCloud } from './server';
import { installNotifier } from '../cloudfunctions/ports/notifier';
import { localNotifier } from './notifier';
import { installPayment } from '../cloudfunctions/ports/payment';
import { localPayment } from './payment';

/**
 * Indexes for the embedded engine (SQLite expression indexes; `_id` is appended to each, so an
 * equality on the leading fields also serves `orderBy(...).orderBy('_id')` without sorting). The
 * cloud console gets the same list (see README). Indexed fields must not hold arrays.
 */
export const UNIQUE_INDEXES: Record<string, string[]> = { [C.members]: ['memberNo'] };
export const INDEXES: Record<string, readonly IndexSpec[]> = {
  // Staff lookup and the POS/ERP import find members by phone; the care list finds new customers by joinedAt;
  // erasure moves the members someone invited to their pseudonym (referredBy, paged by _id).
  [C.members]: ['phone', 'joinedAt', 'referredBy'],
  [C.pointsAccounts]: ['nextDueAt'],
  [C.pointsMovements]: [['memberId', 'at']],
  // History (newest first per member), the staff's day list, and the KPI rollup's one day of orders
  // at a time. (No index on `externalNo`: the import derives an imported order's `_id` from it.)
  [C.orders]: [['memberId', 'createdAt'], ['slot.day', 'status'], 'createdAt'],
  [C.products]: ['line'],
  [C.standingLists]: [['memberId', 'updatedAt']],
  [C.tierHistory]: [['memberId', 'at']],
  [C.coupons]: [['memberId', 'issuedAt']],
  // 我的反馈 (newest first per member) and the desk's queue (open cases by nearest deadline).
  [C.complaints]: [['memberId', 'createdAt'], ['active', 'dueAt'], ['status', 'resolvedAt'], 'createdAt'],
  // The 消息 list (newest first per reader), its unread badge, and the outbox's due and expired-lease scans.
  [C.notices]: [['owner', 'createdAt'], ['owner', 'unread']],
  [C.noticeOutbox]: [['status', 'dueAt']],
  // A member's audit trail, and a manager's audit by staff member (团队).
  [C.audit]: [['target', 'at'], ['actor', 'at']],
  // Approval requests waiting for a manager, oldest first.
  [C.approvals]: [['status', 'createdAt']],
  // The care list: an account manager's customers with care items, most urgent first; a member's contact log.
  // (`rfm.segment` + `rfm.monetaryFen`: staff search's segment filter, its counts and its pages by spend.)
  [C.crmProfiles]: [['accountManager', 'carePriority', 'tierRank'], ['rfm.segment', 'rfm.monetaryFen']],
  [C.crmContacts]: [['memberId', 'at']],
  // Staff search (prefix and last-4 keys), a card's notes newest first, the card view log (all, or one member's),
  // and a member's delivery surveys on the card (and a day's surveys for the KPI rollup).
  [C.crmSearch]: ['key'],
  [C.crmNotes]: [['memberId', 'at']],
  [C.crmViews]: ['at', ['memberId', 'at']],
  [C.surveys]: [['memberId', 'at'], 'at'],
};

/** Local mode only: a fixed development secret for member codes. */
export const DEV_CODE_SECRET = 'freshpal-local-development-secret';

/**
 * Signs this process's temporary file links (`GET /files/...`); a fresh secret per start, so no link
 * outlives the server that issued it.
 */
export const LOCAL_FILE_LINKS: FileLinkSigner = fileLinkSigner(randomBytes(32));

/**
 * Local cloud storage: `cloud://<env>/<path>` is the file `<data folder>/files/<path>` (put an
 * import file there, or use `npm run import`). Paths never leave that folder. Links are signed
 * `/files/<path>` URLs served by the local server. `remove` deletes files (one already gone is fine).
 */
export function localFileStorage(root: string, links: FileLinkSigner = LOCAL_FILE_LINKS): FileStorage & FileLinks & FileRemoval {
  const pathOf = (fileId: string): { rel: string; full: string } | null => {
    const rel = /^cloud:\/\/[^/]+\/(.+)$/.exec(fileId)?.[1];
    const full = rel === undefined ? null : normalize(join(root, rel));
    return rel === undefined || full === null || !full.startsWith(normalize(root) + sep) ? null : { rel: full.slice(normalize(root).length + 1).split(sep).join('/'), full };
  };
  const isFile = async (fileId: string): Promise<boolean> => {
    const p = pathOf(fileId);
    return p !== null && (await stat(p.full).then((s) => s.isFile(), () => false));
  };
  return {
    async download(fileId) {
      const p = pathOf(fileId);
      if (p === null) throw new DomainError('IMPORT.FILE_NOT_FOUND');
      try {
        return await readFile(p.full);
      } catch {
        throw new DomainError('IMPORT.FILE_NOT_FOUND');
      }
    },
    async temporaryUrls(fileIds, maxAgeSeconds) {
      const urls: Record<string, string> = {};
      for (const fileId of new Set(fileIds)) {
        const p = pathOf(fileId);
        if (p !== null && (await isFile(fileId))) urls[fileId] = links.url(p.rel, maxAgeSeconds);
      }
      return urls;
    },
    exists: (fileIds) => Promise.all(fileIds.map(isFile)),
    async remove(fileIds) {
      for (const fileId of new Set(fileIds)) {
        const p = pathOf(fileId);
        // An id outside the folder names no local file: nothing to delete.
        if (p !== null) await rm(p.full, { force: true });
      }
    },
  };
}

export function openFreshPalDb(dir: string | null, opts: { retryFirstAttempt?: boolean } = {}): Promise<LocalDb> {
  if (dir !== null) installStorage(localFileStorage(join(dir, 'files')));
  // 模拟支付: online payment works locally without money moving (local/payment.ts).
  installPayment(localPayment());
  // Nothing is checked locally, and every answer says so.
  installContentCheck(localContentCheck());
  // Subscribe messages are recorded, never sent (local/notifier.ts).
  installNotifier(localNotifier(dir));
  return openLocalDb({ dir, uniqueIndexes: UNIQUE_INDEXES, indexes: INDEXES, ...opts });
}

/** The demo seed is written last as a marker, so a start killed halfway through seeding reseeds. */
const SEED_MARKER = 'demoSeed';

export async function isSeeded(db: LocalDb): Promise<boolean> {
  return (await db.collection(C.counters).where({ _id: SEED_MARKER }).count()).total > 0;
}

export async function writeSeed(db: LocalDb, data: SeedData): Promise<Record<string, number>> {
  const plan: [string, object[]][] = [
    [C.products, data.products],
    [C.standingLists, data.standingLists],
    [C.members, data.members],
    [C.pointsAccounts, data.accounts],
    [C.pointsMovements, data.movements],
    [C.orders, data.orders],
    [C.tierHistory, data.tierHistory],
    [C.coupons, data.coupons],
    [C.couponWallets, data.couponWallets],
    [C.complaints, data.complaints],
    [C.staff, data.staff],
    [C.counters, data.counters],
    [C.crmCards, data.crm?.crmCards ?? []],
    [C.crmNotes, data.crm?.crmNotes ?? []],
    [C.crmSearch, data.crm?.crmSearch ?? []],
  ];
  const counts: Record<string, number> = {};
  for (const [name, docs] of plan) counts[name] = (await db.importMany(name, docs as Record<string, unknown>[])).inserted;
  return counts;
}

export async function seedDemo(db: LocalDb, now: number): Promise<Record<string, number>> {
  const counts = await writeSeed(db, generateDemo(defaultAppConfig, now));
  // The manager's KPI screen reads only rollups: build them now rather than at the first 04:30 tick.
  await runJob(db, 'kpiDaily', { now, budgetMs: 10 * 60_000 });
  await seedCare(db, now);
  await db.collection(C.counters).doc(SEED_MARKER).set({ data: { at: now } });
  return counts;
}

export interface LocalCloudHandle { server: Server; url: string; close(): Promise<void> }

export async function listen(db: LocalDb, opts: { port: number; staticDir: string | null; clock?: () => number; quiet?: boolean; filesDir?: string | null }): Promise<LocalCloudHandle> {
  const server = createLocalCloud({
    db,
    staticDir: opts.staticDir,
    clock: opts.clock ?? Date.now,
    signer: hmacSigner(DEV_CODE_SECRET),
    demoIdentities: demoIdentities(),
    filesDir: opts.filesDir ?? null,
    fileLinks: LOCAL_FILE_LINKS,
    log: opts.quiet ? () => undefined : undefined,
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    server,
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
