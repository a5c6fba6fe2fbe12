/**
 * RFM segments as a filter (客户搜索 → 按分群): how many customers each of the eight segments holds,
 * and one segment's customers, most valuable first (net spend in the RFM window, descending).
 *
 * Both read the nightly profiles (`crm_profiles`, written by the crmDaily job) through one index,
 * `rfm.segment` + `rfm.monetaryFen`: a count per segment, and a page of one segment in index order.
 * Counting reads every profile's entry (about 180 ms for 100k locally), and the segments change only
 * when the job runs, so the counts are kept in `counters/crmSegmentCounts`, stamped with the Shanghai
 * day and whether that day's crmDaily run had finished: they are counted again at most twice a day
 * (the first call of the day, the first after the run), not on every visit to the page.
 * The page's members are then read by id (one query) for what is current — name, tier, last order —
 * and to leave out customers gone since the night's run (erasure deletes the profile, but a member
 * document may go some other way). Such rows are dropped from the page (rare, so a page may come back
 * a row short rather than reading on). The counts are the index's and may include them until the
 * next count.
 */
import type { AppConfig } from '../core/config';
import { RFM_SEGMENTS, SEGMENT_EXPLANATIONS, type RfmSegment } from '../core/crm/rfm';
import { dayKey } from '../core/time';
import type { Db } from '../ports/db';
import { asDoc, dbGet } from '../runtime/dbHelpers';
import { C } from './collections';
import type { CrmProfileDoc } from './crmProfiles';
import { customerRow, type CustomerRowView } from './crmSearch';
import type { MemberDoc } from './members';

export interface SegmentCountView {
  segment: RfmSegment;
  /** What the segment means and what to do, in one line. */
  explanation: string;
  count: number;
}

export interface SegmentsView {
  items: SegmentCountView[];
  /** Frequency and spend count the orders of this many days. */
  windowDays: number;
}

export interface SegmentRowView extends CustomerRowView {
  /** Orders and net spend (fen) in the RFM window, as of the nightly run. */
  frequency: number;
  monetaryFen: number;
}

export interface SegmentPageView {
  segment: RfmSegment;
  explanation: string;
  windowDays: number;
  items: SegmentRowView[];
  page: number;
  pageSize: number;
  hasMore: boolean;
}

const SEGMENT_FIELD = 'rfm.segment';

const COUNTS_ID = 'crmSegmentCounts';
interface CountsDoc { stamp: string; counts: Partial<Record<RfmSegment, number>>; countedAt: number }

/** Which profiles the counts describe: the day's, before or after its crmDaily run (job_runs id `crmDaily:<runKey>`, the day by default). */
async function profilesStamp(db: Db, now: number): Promise<string> {
  const day = dayKey(now);
  const run = await dbGet<{ done?: boolean }>(db, C.jobRuns, `crmDaily:${day}`);
  return `${day}:${run?.done === true ? 'after' : 'before'}`;
}

/** The eight segments in their fixed order, each with its count (kept until the profiles change). */
export async function segmentCounts(db: Db, config: AppConfig, now: number): Promise<SegmentsView> {
  const [stamp, kept] = await Promise.all([profilesStamp(db, now), dbGet<CountsDoc>(db, C.counters, COUNTS_ID)]);
  let counts = kept?.stamp === stamp ? kept.counts : null;
  if (counts === null) {
    const totals = await Promise.all(RFM_SEGMENTS.map(async (segment) => [segment, (await db.collection(C.crmProfiles).where({ [SEGMENT_FIELD]: segment }).count()).total] as const));
    counts = Object.fromEntries(totals);
    // Two callers counting at once write the same figures: a plain set is enough.
    await db.collection(C.counters).doc(COUNTS_ID).set({ data: asDoc({ stamp, counts, countedAt: now }) });
  }
  const items = RFM_SEGMENTS.map((segment) => ({ segment, explanation: SEGMENT_EXPLANATIONS[segment], count: counts[segment] ?? 0 }));
  return { items, windowDays: config.crm.rfm.windowDays };
}

type ErasableMember = MemberDoc & { erasure?: unknown };
const MEMBER_FIELDS = { memberNo: true, displayName: true, kind: true, region: true, phone: true, tierState: true, 'stats.lastOrderAt': true, erasedAt: true, erasure: true } as const;

/** Erased (a pseudonym's document), being erased, or gone. */
const isErased = (m: ErasableMember | undefined): boolean => !m || Boolean(m.erasedAt) || m.erasure !== undefined;

/** One page of a segment's customers, highest net spend first (ties by id, so pages never overlap). */
export async function segmentMembers(db: Db, segment: RfmSegment, page: number, pageSize: number, config: AppConfig, now: number): Promise<SegmentPageView> {
  const { data } = await db
    .collection(C.crmProfiles)
    .where({ [SEGMENT_FIELD]: segment })
    .orderBy('rfm.monetaryFen', 'desc')
    .orderBy('_id', 'desc')
    .skip(page * pageSize)
    .limit(pageSize + 1)
    .field({ rfm: true })
    .get();
  const profiles = (data as unknown as Pick<CrmProfileDoc, '_id' | 'rfm'>[]).slice(0, pageSize);
  const base = { segment, explanation: SEGMENT_EXPLANATIONS[segment], windowDays: config.crm.rfm.windowDays, page, pageSize, hasMore: data.length > pageSize };
  if (profiles.length === 0) return { ...base, items: [] };

  const ids = profiles.map((p) => p._id);
  const found = await db.collection(C.members).where({ _id: db.command.in(ids) }).limit(ids.length).field(MEMBER_FIELDS).get();
  const byId = new Map((found.data as unknown as ErasableMember[]).map((m) => [m._id, m]));
  const items = profiles.flatMap((p): SegmentRowView[] => {
    const m = byId.get(p._id);
    if (!m || isErased(m)) return [];
    return [{ ...customerRow(m, config, now), frequency: p.rfm.frequency, monetaryFen: p.rfm.monetaryFen }];
  });
  return { ...base, items };
}
