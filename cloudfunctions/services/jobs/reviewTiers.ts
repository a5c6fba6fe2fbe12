/**
 * The monthly tier review over every member, paged by `_id`. For each member the pure
 * `reviewTier` decides; the member is written only when its tier state changed:
 *
 * - state-only changes (the review month recorded, a first month below the tier): one conditional
 *   update that applies only if `tierState` is still exactly what the page read (no read, no
 *   transaction; a concurrent order that changed the tier makes it miss, and the member is then
 *   reviewed again inside a transaction);
 * - tier changes (upgrade, downgrade, an ended override): a transaction that re-reads the member,
 *   decides again, and writes the member with its history entries `review:<YYYY-MM>:<i>`.
 *
 * `reviewTier` records `lastReviewMonth`, so a member already reviewed this month is left alone:
 * rerunning the month's review (a crash, a second run key) changes nothing.
 */
import { reviewMonthOf, reviewTier, type TierState } from '../../core/tiers/membership';
import { metricsAt, type PurchaseStats } from '../../core/tiers/stats';
import { trailingMonths } from '../../core/time';
import type { DocData } from '../../ports/db';
import { asDoc, txGet, withoutId } from '../../runtime/dbHelpers';
import { C } from '../collections';
import { writeTierChange } from '../ledger';
import type { MemberDoc } from '../members';
import type { JobDef, JobEnv, JobSession } from './types';
import { forEachLimit, pure, sameJson, Tally } from './util';

interface MemberSlice { _id: string; stats: PurchaseStats; tierState: TierState }

const membersAfter = (env: JobEnv, cursor: string) => env.db.collection(C.members).where({ _id: env.db.command.gt(cursor) });

/** Update data for the fields of the tier state that changed (`tierState.<field>`). */
function changedFields(before: TierState, after: TierState): DocData {
  const data: DocData = {};
  for (const key of Object.keys(after) as (keyof TierState)[]) {
    if (!sameJson(before[key], after[key])) data[`tierState.${key}`] = after[key];
  }
  return data;
}

function open(env: JobEnv): JobSession {
  const { db, asOf } = env;
  const tiers = env.config.tiers;
  // The 12 month keys once per run instead of once per member.
  const window = trailingMonths(asOf, 12);
  const month = reviewMonthOf(asOf, tiers);
  const decide = (m: { _id: string; stats: PurchaseStats; tierState: TierState }) =>
    pure(m._id, () => reviewTier(m.tierState, metricsAt(m.stats, asOf, window), tiers, asOf));

  /** Applies a state-only change if the tier state is unchanged since the page read it. */
  async function compareAndSet(m: MemberSlice, next: TierState): Promise<boolean> {
    const data = changedFields(m.tierState, next);
    const res = await db.collection(C.members).where({ _id: m._id, tierState: asDoc(m.tierState) }).update({ data });
    return (res.stats.updated ?? 0) === 1;
  }

  /** Reviews one member inside a transaction (tier changes, or a conditional update that missed). */
  function reviewInTransaction(memberId: string) {
    return db.runTransaction(async (tx) => {
      const member = await txGet<MemberDoc>(tx, C.members, memberId);
      if (!member) return null;
      const r = decide(member);
      if (r.changes.length === 0 && sameJson(r.state, member.tierState)) return { wrote: false, changes: r.changes };
      await tx.collection(C.members).doc(memberId).set({ data: asDoc(withoutId({ ...member, tierState: r.state })) });
      for (const [i, change] of r.changes.entries()) await writeTierChange(tx, memberId, change, `review:${month}:${i}`);
      return { wrote: true, changes: r.changes };
    });
  }

  return {
    async page(cursor) {
      const { data } = await membersAfter(env, cursor).orderBy('_id', 'asc').limit(env.pageSize).field({ stats: true, tierState: true }).get();
      const members = data as unknown as MemberSlice[];
      const t = new Tally();
      await forEachLimit(members, env.concurrency, async (m) => {
        try {
          const r = decide(m);
          if (r.changes.length === 0) {
            if (sameJson(r.state, m.tierState)) return;
            if (await compareAndSet(m, r.state)) {
              t.changed += 1;
              return;
            }
            t.add('retriedInTransaction');
          }
          const done = await reviewInTransaction(m._id);
          if (!done?.wrote) return;
          t.changed += 1;
          for (const c of done.changes) t.add(c.kind === 'override_end' ? 'overridesEnded' : `${c.kind}s`);
        } catch (error) {
          t.failed(m._id, error);
        }
      });
      const last = members[members.length - 1];
      return { cursor: last?._id ?? cursor, processed: members.length, changed: t.changed, done: members.length < env.pageSize, counts: t.counts, samples: t.samples };
    },
  };
}

export const reviewTiersJob: JobDef = {
  name: 'reviewTiers',
  describe: '月度等级评审（升级、连续未达标降级、人工调整到期）',
  defaultRunKey: (now, config) => reviewMonthOf(now, config.tiers),
  remaining: async (env, cursor) => (await membersAfter(env, cursor).count()).total,
  open,
};
