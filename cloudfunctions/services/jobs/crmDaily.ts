/**
 * The nightly CRM profiles (`crm_profiles`): for every member, their ordering rhythm, churn warning,
 * RFM scores and segment, key dates from the relationship card, and whether they have care items
 * today (the care list's candidates).
 *
 * Orders are read in one pass, not one query per member: members are paged by `_id` and the orders
 * streamed across the whole collection in `memberId` order (index memberId + createdAt), pages that
 * end on a member boundary, matched to the page's members (a merge join, like the reconcile job).
 * bench/crm.ts measures both ways: the stream reads ~1 page per 1,000 orders instead of one query
 * per member.
 *
 * Writes touch only the job's own fields (a field-level update), so a contact or an assignment made
 * while it runs is kept; a profile whose figures did not change is not written again, so a rerun of
 * the same day writes nothing.
 */
import type { Holiday } from '../../core/crm/care';
import { dayKey } from '../../core/time';
import type { Db } from '../../ports/db';
import { asDoc, dbGet } from '../../runtime/dbHelpers';
import { careHolidays } from '../care';
import { C } from '../collections';
import { computeProfile, emptyKept, keyDatesOf, PROFILE_MEMBER_FIELDS, PROFILE_ORDER_FIELDS, type ComputedProfile, type CrmProfileDoc, type KeptProfile, type ProfileMember, type ProfileOrder } from '../crmProfiles';
import type { JobDef, JobEnv, JobSession } from './types';
import { forEachLimit, pure, sameJson, Tally } from './util';

/** The relationship card's collection (another part of issue 10 keeps it; read only for key dates). */
const CARDS = 'crm_cards';

/** Reads orders in `memberId` order; a member is never split across two deliveries. */
export class OrderStream {
  private buffer: ProfileOrder[] = [];
  private through: string;
  private exhausted = false;

  constructor(
    private readonly db: Db,
    start: string,
    private readonly pageSize: number,
  ) {
    this.through = start;
  }

  /** Removes and returns the orders with memberId <= upper (null: all that are left), by member. */
  async takeThrough(upper: string | null): Promise<Map<string, ProfileOrder[]>> {
    while (!this.exhausted && (upper === null || this.through < upper)) await this.fetch();
    const out = new Map<string, ProfileOrder[]>();
    let i = 0;
    for (; i < this.buffer.length; i += 1) {
      const o = this.buffer[i] as ProfileOrder;
      if (upper !== null && o.memberId > upper) break;
      const list = out.get(o.memberId);
      if (list) list.push(o);
      else out.set(o.memberId, [o]);
    }
    this.buffer = this.buffer.slice(i);
    return out;
  }

  private async fetch(): Promise<void> {
    const _ = this.db.command;
    const { data } = await this.db.collection(C.orders).where({ memberId: _.gt(this.through) }).orderBy('memberId', 'asc').limit(this.pageSize).field(PROFILE_ORDER_FIELDS).get();
    const rows = data as unknown as ProfileOrder[];
    if (rows.length < this.pageSize) {
      this.buffer.push(...rows);
      this.exhausted = true;
      return;
    }
    const lastMember = (rows[rows.length - 1] as ProfileOrder).memberId;
    const complete = rows.filter((r) => r.memberId !== lastMember);
    const lastComplete = complete[complete.length - 1];
    if (lastComplete) {
      this.buffer.push(...complete);
      this.through = lastComplete.memberId;
      return;
    }
    // One member fills a whole page: read all of theirs.
    this.buffer.push(...(await ordersOf(this.db, lastMember, this.pageSize)));
    this.through = lastMember;
  }
}

/** One member's orders through the index memberId + createdAt (the per-member way; bench/crm.ts compares). */
export async function ordersOf(db: Db, memberId: string, pageSize: number): Promise<ProfileOrder[]> {
  const _ = db.command;
  const out: ProfileOrder[] = [];
  let after: number | null = null;
  for (;;) {
    const { data } = await db.collection(C.orders).where(after === null ? { memberId } : { memberId, createdAt: _.gt(after) }).orderBy('createdAt', 'asc').limit(pageSize).field(PROFILE_ORDER_FIELDS).get();
    const rows = data as unknown as ProfileOrder[];
    out.push(...rows);
    const last = rows[rows.length - 1];
    // Orders created in the same millisecond as a page's last would be skipped: read them by _id.
    if (!last || rows.length < pageSize) return out;
    after = last.createdAt;
    const { data: same } = await db.collection(C.orders).where({ memberId, createdAt: last.createdAt }).limit(pageSize).field(PROFILE_ORDER_FIELDS).get();
    const seen = new Set(rows.filter((r) => r.createdAt === last.createdAt).map((r) => (r as unknown as { _id: string })._id));
    for (const r of same as unknown as (ProfileOrder & { _id: string })[]) if (!seen.has(r._id)) out.push(r);
  }
}

/** Whether the stored profile already holds these figures (the run's instant and day aside: most profiles do not change from one night to the next). */
function unchanged(existing: CrmProfileDoc, computed: ComputedProfile): boolean {
  for (const key of Object.keys(computed) as (keyof ComputedProfile)[]) {
    if (key !== 'computedAt' && key !== 'careDay' && !sameJson(existing[key] ?? null, computed[key] ?? null)) return false;
  }
  return true;
}

async function readByIds<T>(db: Db, collection: string, ids: readonly string[], field?: Record<string, boolean>): Promise<Map<string, T>> {
  const out = new Map<string, T>();
  if (ids.length === 0) return out;
  let q = db.collection(collection).where({ _id: db.command.in([...ids]) }).limit(ids.length);
  if (field) q = q.field(field);
  const { data } = await q.get();
  for (const d of data as unknown as (T & { _id: string })[]) out.set(d._id, d);
  return out;
}

/**
 * Writes the computed fields: an update of an existing profile, or an insert of a new one (`add`
 * refuses an id that exists, so a profile a contact created meanwhile is updated, never replaced).
 */
async function writeProfile(env: JobEnv, id: string, computed: ComputedProfile, existing: CrmProfileDoc | undefined): Promise<boolean> {
  if (existing && unchanged(existing, computed)) return false;
  const profiles = env.db.collection(C.crmProfiles);
  if (!existing) {
    try {
      await profiles.add({ data: asDoc({ _id: id, ...computed, ...emptyKept() }) });
      return true;
    } catch (error) {
      const raced = await dbGet<CrmProfileDoc>(env.db, C.crmProfiles, id);
      if (raced) {
        await updateComputed(env.db, id, computed, raced);
        return true;
      }
      throw error;
    }
  }
  await updateComputed(env.db, id, computed, existing);
  return true;
}

const OBJECT_FIELDS = ['rhythm', 'churn', 'rfm'] as const;

/**
 * An update merges an object into the stored one field by field (the cloud database's rule), which
 * cannot put an object where null is (a churn warning appearing) and would keep keys the new object
 * lacks: such fields are removed first, then written whole.
 */
async function updateComputed(db: Db, id: string, computed: ComputedProfile, existing: Partial<CrmProfileDoc> | null): Promise<void> {
  const ref = db.collection(C.crmProfiles).doc(id);
  const clear: Record<string, unknown> = {};
  for (const key of OBJECT_FIELDS) {
    const next = computed[key] as object | null;
    const before = existing?.[key] as object | null | undefined;
    if (next === null) continue;
    const sameShape = before !== null && typeof before === 'object' && Object.keys(before).sort().join() === Object.keys(next).sort().join();
    if (!sameShape) clear[key] = db.command.remove();
  }
  if (Object.keys(clear).length > 0) await ref.update({ data: asDoc(clear) });
  await ref.update({ data: asDoc(computed) });
}

function open(env: JobEnv): JobSession {
  const { db, asOf, config, pageSize } = env;
  const holidays: Holiday[] = careHolidays(config);
  let stream: OrderStream | null = null;
  return {
    async page(cursor) {
      const _ = db.command;
      stream ??= new OrderStream(db, cursor, pageSize);
      const { data } = await db.collection(C.members).where({ _id: _.gt(cursor) }).orderBy('_id', 'asc').limit(pageSize).field(PROFILE_MEMBER_FIELDS).get();
      const members = data as unknown as ProfileMember[];
      const last = members[members.length - 1];
      const done = members.length < pageSize;
      const groups = await stream.takeThrough(done ? null : (last as ProfileMember)._id);
      const ids = members.map((m) => m._id);
      const [profiles, cards] = await Promise.all([readByIds<CrmProfileDoc>(db, C.crmProfiles, ids), readByIds<{ keyDates?: unknown }>(db, CARDS, ids, { keyDates: true })]);
      const t = new Tally();
      // An erased member's pseudonym keeps orders for the totals, but nobody is to be cared for or
      // segmented: no profile (a stale one from before is removed).
      for (const m of members) {
        if (!m.erasedAt || !profiles.has(m._id)) continue;
        await db.collection(C.crmProfiles).doc(m._id).remove();
        t.changed += 1;
      }
      const work = members.filter((m) => !m.erasedAt).map((m) => {
        const existing = profiles.get(m._id);
        const kept: KeptProfile = existing ? { lastContactAt: existing.lastContactAt, lastContactBy: existing.lastContactBy ?? {}, accountManager: existing.accountManager } : emptyKept();
        const computed = pure(m._id, () => computeProfile(m, groups.get(m._id) ?? [], kept, keyDatesOf(cards.get(m._id) ?? null), asOf, config, holidays));
        if (computed.churn) t.add('churnWarnings');
        if (computed.careCount > 0) t.add('careCandidates');
        return { id: m._id, computed, existing };
      });
      await forEachLimit(work, env.concurrency, async (w) => {
        try {
          if (await writeProfile(env, w.id, w.computed, w.existing)) t.changed += 1;
        } catch (error) {
          t.failed(w.id, error);
        }
      });
      return { cursor: last?._id ?? cursor, processed: members.length, changed: t.changed, done, counts: t.counts, samples: t.samples };
    },
  };
}

export const crmDailyJob: JobDef = {
  name: 'crmDaily',
  describe: '客户关系画像（下单节奏、流失预警、RFM 分群、今日待办候选）',
  defaultRunKey: (now) => dayKey(now),
  remaining: async (env, cursor) => (await env.db.collection(C.members).where({ _id: env.db.command.gt(cursor) }).count()).total,
  open,
};
