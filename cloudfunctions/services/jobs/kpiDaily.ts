/**
 * The KPI rollup (`kpiDaily`): writes `kpi_daily/<YYYY-MM-DD>` for each day and then the screen's
 * ready-to-serve summary `kpi_summary/<YYYY-MM>` and `kpi_summary/latest`, so the screen reads one
 * document at any data size. Three phases, told apart by the cursor:
 *
 * - `d:<day>` (days up to and including <day> are rolled up): a page rolls up whole days, reading
 *   that day's orders (index `createdAt`), cases (`createdAt`) and delivery surveys (`at`) and
 *   overwriting the day's document with `set`: a page replayed after a crash writes the same thing.
 *   The first run (no rollup yet) starts at the first order's day; later runs redo the last
 *   LOOKBACK_DAYS days, enough for the statuses, refunds and ratings that arrive after a day.
 * - `m:<memberId>`: members by `_id`; each page adds its customer counters (core/kpi/customers)
 *   to the page's counts, which the runner saves with the cursor, so each member counts once.
 * - `s`: one page that reads this run's counters back from its run document and the two months'
 *   daily documents (one query), builds the summary (core/kpi/summary) and writes it.
 *
 * The period is the last complete calendar month (Shanghai) against the month before it: the
 * figures of a finished month do not move during the month, and churn is not inflated by a month
 * that has only just begun. The daily documents (and the CSV export) cover the current month too.
 */
import { addMonths, DAY_MS, dayKey, monthKey, startOfDayMs } from '../../core/time';
import { buildSummary, memberCounts, rollupDay, sumDays, type CaseFact, type KpiDay, type KpiSummary, type MemberFact, type OrderFact, type SurveyFact } from '../../core/kpi';
import type { Db, DocData } from '../../ports/db';
import { asDoc, dbGet, withoutId } from '../../runtime/dbHelpers';
import { C } from '../collections';
import type { JobDef, JobEnv, JobRunDoc, JobSession, PageResult } from './types';
import { pure, Tally } from './util';

/** Days recomputed by a daily run: a month and a half of late refunds, completions and ratings. */
export const LOOKBACK_DAYS = 45;
export const LATEST = 'latest';

export type KpiDayDoc = KpiDay & { _id: string; asOf: number };
export type KpiSummaryDoc = KpiSummary & { _id: string };

const nextDay = (day: string): string => dayKey(startOfDayMs(day) + DAY_MS + 3_600_000);
const prevDay = (day: string): string => dayKey(startOfDayMs(day) - 3_600_000);

/**
 * Every document of a collection whose `field` lies in [from, to), in the order of the index
 * (`field`, `_id`), so no page is sorted: a page continues after the last (`field`, `_id`) read;
 * the rest of the documents sharing the last page's `field` value are read by `_id` first.
 */
async function readRange(db: Db, collection: string, field: string, from: number, to: number, pageSize: number, fields: Record<string, boolean>): Promise<DocData[]> {
  const _ = db.command;
  const projection = { ...fields, [field]: true };
  const out: DocData[] = [];
  let last: { value: number; id: string } | null = null;
  for (;;) {
    if (last) {
      // The documents after the last one read that share its value (a page may end among them).
      for (;;) {
        const { data } = await db.collection(collection).where({ [field]: last.value, _id: _.gt(last.id) }).orderBy('_id', 'asc').limit(pageSize).field(projection).get();
        out.push(...data);
        if (data.length < pageSize) break;
        last = { value: last.value, id: (data[data.length - 1] as { _id: string })._id };
      }
    }
    const { data } = await db
      .collection(collection)
      .where({ [field]: _.and(last ? _.gt(last.value) : _.gte(from), _.lt(to)) })
      .orderBy(field, 'asc')
      .orderBy('_id', 'asc')
      .limit(pageSize)
      .field(projection)
      .get();
    out.push(...data);
    if (data.length < pageSize) return out;
    const end = data[data.length - 1] as { _id: string } & Record<string, number>;
    last = { value: end[field] as number, id: end._id };
  }
}

const ORDER_FIELDS = { memberId: true, status: true, tier: true, region: true, paidFen: true, refundedFen: true, lines: true };
const CASE_FIELDS = { type: true, firstResponseAt: true, 'sla.breachedFirstResponse': true, 'rating.score': true };
const SURVEY_FIELDS = { scores: true };
const MEMBER_FIELDS = { joinedAt: true, 'tierState.tier': true, 'stats.months': true, referredBy: true };

type CaseRow = { type: string; firstResponseAt?: number | null; sla?: { breachedFirstResponse?: boolean }; rating?: { score: number } | null };
type MemberRow = { _id: string; joinedAt: number; tierState: { tier: string }; stats?: { months?: MemberFact['months'] }; referredBy?: string | null };

/** One day's rollup from the database. */
export async function rollupOf(db: Db, day: string, pageSize: number): Promise<{ doc: KpiDay; orders: number }> {
  const from = startOfDayMs(day);
  const to = from + DAY_MS;
  const [orders, cases, surveys] = await Promise.all([
    readRange(db, C.orders, 'createdAt', from, to, pageSize, ORDER_FIELDS),
    readRange(db, C.complaints, 'createdAt', from, to, pageSize, CASE_FIELDS),
    readRange(db, C.surveys, 'at', from, to, pageSize, SURVEY_FIELDS),
  ]);
  const caseFacts: CaseFact[] = (cases as CaseRow[]).map((c) => ({
    type: c.type,
    firstResponseAt: c.firstResponseAt ?? null,
    breachedFirstResponse: c.sla?.breachedFirstResponse === true,
    rating: c.rating ?? null,
  }));
  const doc = pure(`day:${day}`, () => rollupDay(day, orders as unknown as OrderFact[], caseFacts, surveys as unknown as SurveyFact[]));
  return { doc, orders: orders.length };
}

/** The summary's period: the last complete month before the run's instant. */
export const periodOf = (asOf: number): string => addMonths(monthKey(asOf), -1);

async function firstDay(env: JobEnv): Promise<string> {
  const { db, asOf } = env;
  const today = dayKey(asOf);
  const { data: some } = await db.collection(C.kpiDaily).orderBy('_id', 'desc').limit(1).field({ _id: true }).get();
  if (some.length > 0) return dayKey(asOf - LOOKBACK_DAYS * DAY_MS);
  const { data: first } = await db.collection(C.orders).orderBy('createdAt', 'asc').limit(1).field({ createdAt: true }).get();
  const at = (first[0] as { createdAt?: number } | undefined)?.createdAt;
  return at === undefined || at > asOf ? today : dayKey(at);
}

async function summarise(env: JobEnv): Promise<KpiSummaryDoc> {
  const { db, asOf } = env;
  // This run's document: the one kpiDaily run with this instant still in progress.
  const { data: runs } = await db.collection(C.jobRuns).where({ job: 'kpiDaily', asOf, done: false }).limit(1).get();
  const counts = (runs[0] as unknown as JobRunDoc | undefined)?.counts ?? {};
  const period = periodOf(asOf);
  const previousPeriod = addMonths(period, -1);
  const _ = db.command;
  const { data } = await db
    .collection(C.kpiDaily)
    .where({ _id: _.and(_.gte(`${previousPeriod}-01`), _.lte(`${period}-31`)) })
    .orderBy('_id', 'asc')
    .limit(62)
    .get();
  const days = data as unknown as KpiDayDoc[];
  const before = await dbGet<KpiSummaryDoc>(db, C.kpiSummary, previousPeriod);
  const summary = buildSummary({
    period,
    previousPeriod,
    asOf,
    current: sumDays(period, days.filter((d) => d.day.startsWith(period))),
    previous: sumDays(previousPeriod, days.filter((d) => d.day.startsWith(previousPeriod))),
    counts,
    tiers: env.config.tiers.tiers.map((t) => ({ id: t.id, name: t.name })),
    before: before ? { strategic: before.figures.find((f) => f.id === 'strategic')?.value ?? null, tiers: before.tiers } : null,
  });
  return { _id: period, ...summary };
}

function open(env: JobEnv): JobSession {
  const { db, asOf, pageSize } = env;
  const today = dayKey(asOf);
  const current = periodOf(asOf);

  async function dayPage(last: string): Promise<PageResult> {
    const t = new Tally();
    let day = last;
    let processed = 0;
    // Whole days until the page has read about a page's worth of orders.
    while (day < today && processed < pageSize) {
      day = nextDay(day);
      const { doc, orders } = await rollupOf(db, day, pageSize);
      await db.collection(C.kpiDaily).doc(day).set({ data: asDoc({ ...doc, asOf }) });
      processed += orders;
      t.add('days');
      t.add('orders', orders);
    }
    return { cursor: day < today ? `d:${day}` : 'm:', processed, changed: 0, done: false, counts: t.counts, samples: [] };
  }

  async function memberPage(after: string): Promise<PageResult> {
    const { data } = await db.collection(C.members).where({ _id: db.command.gt(after) }).orderBy('_id', 'asc').limit(pageSize).field(MEMBER_FIELDS).get();
    const rows = data as unknown as MemberRow[];
    const t = new Tally();
    for (const m of rows) {
      try {
        const fact: MemberFact = { joinedAt: m.joinedAt, tier: m.tierState.tier, months: m.stats?.months ?? {}, ...('referredBy' in m ? { referredBy: m.referredBy ?? null } : {}) };
        for (const [k, v] of Object.entries(pure(m._id, () => memberCounts(fact, current)))) t.add(k, v);
      } catch (error) {
        t.failed(m._id, error);
      }
    }
    t.add('members', rows.length);
    const lastId = rows[rows.length - 1]?._id ?? after;
    return { cursor: rows.length < pageSize ? 's' : `m:${lastId}`, processed: rows.length, changed: 0, done: false, counts: t.counts, samples: t.samples };
  }

  return {
    async page(cursor) {
      if (cursor === '') return dayPage(prevDay(await firstDay(env)));
      if (cursor.startsWith('d:')) return dayPage(cursor.slice(2));
      if (cursor.startsWith('m:')) return memberPage(cursor.slice(2));
      const summary = await summarise(env);
      await db.collection(C.kpiSummary).doc(summary._id).set({ data: asDoc(withoutId(summary)) });
      await db.collection(C.kpiSummary).doc(LATEST).set({ data: asDoc(withoutId(summary)) });
      return { cursor: 'done', processed: 0, changed: 2, done: true, counts: {}, samples: [] };
    },
  };
}

export const kpiDailyJob: JobDef = {
  name: 'kpiDaily',
  describe: '经营指标日汇总（按天汇总订单、工单与评价，再生成上个自然月的指标摘要）',
  defaultRunKey: (now) => dayKey(now),
  // Progress in members (the long phase on a large dataset is the orders, but a count of the days' orders is itself a scan).
  remaining: async (env, cursor) => (cursor.startsWith('m:') ? (await env.db.collection(C.members).where({ _id: env.db.command.gt(cursor.slice(2)) }).count()).total : 0),
  open,
};
