/**
 * Settling and expiring points: one pass over the accounts that have something due
 * (`nextDueAt <= asOf`, an indexed field kept by `accountData`), bringing each current in its own
 * transaction. `bringCurrent` settles due pending lots and expires due lots in one chronological
 * replay, so the two jobs `settlePoints` (02:00) and `expirePoints` (02:30) run this same pass under
 * their own labels and checkpoints; whichever runs first does the work and the other finds little
 * left. Movement ids are deterministic (`<memberId>:settle:<orderId>`, `<memberId>:expire:<lotId>`),
 * and an account already current produces no movement, so a rerun writes nothing new.
 */
import type { AppConfig } from '../../core/config';
import { bringCurrent, type Movement } from '../../core/points/account';
import { dayKey } from '../../core/time';
import { txGet } from '../../runtime/dbHelpers';
import { C } from '../collections';
import { accountData, writeAccount, writeMovements } from '../ledger';
import type { AccountDoc } from '../members';
import { accountState } from '../points';
import type { JobDef, JobEnv, JobName, JobSession } from './types';
import { forEachLimit, pure, Tally } from './util';

/**
 * Accounts with something due after the cursor. (The condition order matters only to the local
 * engine, which serves a query from the index of its last range condition: `_id` last makes the
 * candidates arrive already in page order, so a day when every account is due costs a scan per
 * page rather than a sort of every due account per page. The cloud database plans on its own.)
 */
const dueQuery = (env: JobEnv, cursor: string) => {
  const _ = env.db.command;
  return env.db.collection(C.pointsAccounts).where({ nextDueAt: _.lte(env.asOf), _id: _.gt(cursor) });
};

function tallyMovements(t: Tally, movements: readonly Movement[]): void {
  for (const m of movements) {
    if (m.type === 'settle') {
      t.add('settled');
      t.add('pointsSettled', m.availableDelta);
      t.add('owedRepaid', -m.owedDelta);
    } else if (m.type === 'expire') {
      t.add('expired');
      t.add('pointsExpired', -(m.availableDelta + m.pendingDelta));
    }
  }
}

/** Brings one account current; `wrote` is false when it was already current (a rerun). */
async function bringOne(env: JobEnv, memberId: string): Promise<{ wrote: boolean; movements: Movement[] }> {
  return env.db.runTransaction(async (tx) => {
    const doc = await txGet<AccountDoc>(tx, C.pointsAccounts, memberId);
    if (!doc) return { wrote: false, movements: [] };
    const r = pure(memberId, () => bringCurrent(accountState(doc), env.asOf));
    // Nothing happened and the stored due date is right: leave the document alone.
    if (r.movements.length === 0 && accountData(r.account, env.asOf).nextDueAt === doc.nextDueAt) return { wrote: false, movements: [] };
    await writeAccount(tx, memberId, r.account, env.asOf);
    await writeMovements(tx, memberId, r.movements);
    return { wrote: true, movements: r.movements };
  });
}

function open(env: JobEnv): JobSession {
  return {
    async page(cursor) {
      const { data } = await dueQuery(env, cursor).orderBy('_id', 'asc').limit(env.pageSize).field({ nextDueAt: true }).get();
      const ids = data.map((d) => d._id as string);
      const t = new Tally();
      await forEachLimit(ids, env.concurrency, async (id) => {
        try {
          const r = await bringOne(env, id);
          if (r.wrote) t.changed += 1;
          tallyMovements(t, r.movements);
        } catch (error) {
          t.failed(id, error);
        }
      });
      return { cursor: ids[ids.length - 1] ?? cursor, processed: ids.length, changed: t.changed, done: ids.length < env.pageSize, counts: t.counts, samples: t.samples };
    },
  };
}

const bringDueJob = (name: JobName, describe: string): JobDef => ({
  name,
  describe,
  defaultRunKey: (now: number, _config: AppConfig) => dayKey(now),
  remaining: async (env, cursor) => (await dueQuery(env, cursor).count()).total,
  open,
});

export const settlePointsJob = bringDueJob('settlePoints', '到期积分入账（售后期结束的待入账积分转为可用）');
export const expirePointsJob = bringDueJob('expirePoints', '积分过期（到期未使用的积分清零）');
