/**
 * Reconciling balances: every account against the sum of its movements (`reconcile` in the core),
 * reported, never repaired. To stay far below one read per member, it is a merge join: accounts
 * paged by `_id`, movements streamed across the whole collection ordered by `memberId` (pages of
 * 1000 that end on a member boundary), both in the same string order. The accounts of a page are
 * matched with the movements whose memberId is in (previous cursor, last id of the page]; movements
 * of members without an account are reported as orphans.
 *
 * An account and its movements are read at slightly different moments, so a mismatch is checked
 * again (the account and that member's movements re-read) before it is reported; one that
 * disappears was a concurrent write, counted as `raced`.
 */
import { reconcile, type ReconcileResult } from '../../core/points/account';
import { dayKey } from '../../core/time';
import type { Db } from '../../ports/db';
import { dbGet } from '../../runtime/dbHelpers';
import { C } from '../collections';
import type { MovementDoc } from '../ledger';
import type { AccountDoc } from '../members';
import { accountState } from '../points';
import type { JobDef, JobEnv, JobSample, JobSession } from './types';
import { forEachLimit, Tally } from './util';

const MAX_PROBLEMS = 5;

/** Reads the movements in `memberId` order, a member never split across two deliveries. */
export class MovementStream {
  private buffer: MovementDoc[] = [];
  /** Every movement with memberId <= through has been read (and is buffered or was consumed). */
  private through: string;
  private exhausted = false;

  constructor(
    private readonly db: Db,
    start: string,
    private readonly pageSize: number,
  ) {
    this.through = start;
  }

  /** Removes and returns the movements with memberId <= upper (null: all that are left), by member. */
  async takeThrough(upper: string | null): Promise<Map<string, MovementDoc[]>> {
    while (!this.exhausted && (upper === null || this.through < upper)) await this.fetch();
    const out = new Map<string, MovementDoc[]>();
    let i = 0;
    for (; i < this.buffer.length; i += 1) {
      const m = this.buffer[i] as MovementDoc;
      if (upper !== null && m.memberId > upper) break;
      const list = out.get(m.memberId);
      if (list) list.push(m);
      else out.set(m.memberId, [m]);
    }
    this.buffer = this.buffer.slice(i);
    return out;
  }

  private async fetch(): Promise<void> {
    const _ = this.db.command;
    const { data } = await this.db.collection(C.pointsMovements).where({ memberId: _.gt(this.through) }).orderBy('memberId', 'asc').limit(this.pageSize).get();
    const rows = data as unknown as MovementDoc[];
    if (rows.length < this.pageSize) {
      this.buffer.push(...rows);
      this.exhausted = true;
      return;
    }
    // The last member of a full page may continue on the next one: keep only the members before it.
    const lastMember = (rows[rows.length - 1] as MovementDoc).memberId;
    const complete = rows.filter((r) => r.memberId !== lastMember);
    const lastComplete = complete[complete.length - 1];
    if (lastComplete) {
      this.buffer.push(...complete);
      this.through = lastComplete.memberId;
      return;
    }
    // One member fills a whole page: read all of theirs by _id.
    this.buffer.push(...(await readMovementsOf(this.db, lastMember, this.pageSize)));
    this.through = lastMember;
  }
}

export async function readMovementsOf(db: Db, memberId: string, pageSize: number): Promise<MovementDoc[]> {
  const _ = db.command;
  const out: MovementDoc[] = [];
  let cursor = '';
  for (;;) {
    const { data } = await db.collection(C.pointsMovements).where({ memberId, _id: _.gt(cursor) }).orderBy('_id', 'asc').limit(pageSize).get();
    const rows = data as unknown as MovementDoc[];
    out.push(...rows);
    const last = rows[rows.length - 1];
    if (!last || rows.length < pageSize) return out;
    cursor = last._id;
  }
}

/** `reconcile` of a stored account; a document too broken to add up is a mismatch too. */
function check(doc: AccountDoc, movements: MovementDoc[]): ReconcileResult {
  try {
    return reconcile(accountState(doc), movements);
  } catch (error) {
    const zero = { available: 0, pending: 0, owed: 0 };
    return { ok: false, expected: zero, actual: zero, problems: [`cannot reconcile: ${(error as Error).message}`.slice(0, 200)] };
  }
}

function sampleOf(memberId: string, kind: JobSample['kind'], r: ReconcileResult | null, movements: number): JobSample {
  return {
    id: memberId,
    kind,
    problems: r ? r.problems.slice(0, MAX_PROBLEMS) : [`${movements} movements but no points account`],
    detail: r ? { expected: r.expected, actual: r.actual, movements } : { movements },
  };
}

function open(env: JobEnv): JobSession {
  const { db, pageSize } = env;
  let stream: MovementStream | null = null;

  /** Re-reads one member's account and movements; null when they now agree (a concurrent write). */
  async function confirm(memberId: string): Promise<JobSample | null> {
    const [doc, movements] = await Promise.all([dbGet<AccountDoc>(db, C.pointsAccounts, memberId), readMovementsOf(db, memberId, pageSize)]);
    if (!doc) return movements.length > 0 ? sampleOf(memberId, 'orphan', null, movements.length) : null;
    const r = check(doc, movements);
    return r.ok ? null : sampleOf(memberId, 'mismatch', r, movements.length);
  }

  return {
    async page(cursor) {
      const _ = db.command;
      // The stream starts where the accounts do: every movement up to the cursor was matched before.
      stream ??= new MovementStream(db, cursor, pageSize);
      const { data } = await db.collection(C.pointsAccounts).where({ _id: _.gt(cursor) }).orderBy('_id', 'asc').limit(pageSize).get();
      const accounts = data as unknown as AccountDoc[];
      const last = accounts[accounts.length - 1];
      const done = accounts.length < pageSize;
      const groups = await stream.takeThrough(done ? null : (last as AccountDoc)._id);
      const t = new Tally();
      t.add('accounts', accounts.length);
      for (const list of groups.values()) t.add('movements', list.length);
      const suspects: string[] = [];
      for (const doc of accounts) {
        const movements = groups.get(doc._id) ?? [];
        groups.delete(doc._id);
        if (!check(doc, movements).ok) suspects.push(doc._id);
      }
      suspects.push(...groups.keys());
      await forEachLimit(suspects, env.concurrency, async (memberId) => {
        const sample = await confirm(memberId);
        if (!sample) {
          t.add('raced');
          return;
        }
        t.add(sample.kind === 'orphan' ? 'orphans' : 'mismatches');
        t.sample(sample);
      });
      return { cursor: last?._id ?? cursor, processed: accounts.length, changed: 0, done, counts: t.counts, samples: t.samples };
    },
  };
}

export const reconcileBalancesJob: JobDef = {
  name: 'reconcileBalances',
  describe: '积分对账（账户余额与流水合计核对，只报告不修改）',
  defaultRunKey: (now) => dayKey(now),
  remaining: async (env, cursor) => (await env.db.collection(C.pointsAccounts).where({ _id: env.db.command.gt(cursor) }).count()).total,
  open,
};
