/**
 * Daily rollups: what one Shanghai calendar day contributed, from plain facts about its orders,
 * service cases and delivery surveys. A day's rollup is a pure function of the documents created
 * that day, so the job can recompute and overwrite it (idempotent) and the summary sums days.
 *
 * Definitions (each figure of a day):
 * - orders: orders created that day that count as placed: every status except `cancelled` and
 *   `pending_payment` (an unpaid WeChat Pay order is not a sale yet). A fully refunded order still
 *   counts as an order (it was placed and delivered; its sales are 0).
 * - salesFen: Σ (paidFen − refundedFen) over those orders, floored at 0 per order: net of refunds.
 * - byTier / byRegion: the same orders and net sales grouped by the order's tier at pricing and its
 *   region. byLine: each order's net sales split over its lines in proportion to each line's paid
 *   amount (largest line takes the rounding remainder, so lines add up to the order exactly);
 *   `orders` there counts orders containing the line.
 * - buyers: distinct members with at least one counted order that day.
 * - cases / complaints: service cases created that day (all types / type 投诉 only).
 * - firstResponse: cases created that day by first-response outcome: `breached` when the desk
 *   flagged the first-response target as missed, `met` when answered without that flag, `pending`
 *   when neither yet (excluded from the compliance rate).
 * - ratings: customer ratings (1–5) on cases created that day; good = 4 or 5.
 * - surveys: delivery surveys answered that day; good = the mean of its three 1–5 answers ≥ 4.
 */
import { DomainError } from '../errors';

export interface OrderFact {
  memberId: string;
  status: string;
  tier: string;
  region: string;
  paidFen: number;
  refundedFen: number;
  lines: readonly { line: string; paidFen: number }[];
}

export interface CaseFact {
  type: string;
  firstResponseAt: number | null;
  breachedFirstResponse: boolean;
  rating: { score: number } | null;
}

export interface SurveyFact { scores: { freshness: number; onTime: number; service: number } }

export interface Bucket { orders: number; salesFen: number }

export interface KpiDay {
  day: string;
  orders: number;
  cancelled: number;
  salesFen: number;
  refundedFen: number;
  buyers: number;
  byTier: Record<string, Bucket>;
  byRegion: Record<string, Bucket>;
  byLine: Record<string, Bucket>;
  cases: number;
  complaints: number;
  firstResponse: { met: number; breached: number; pending: number };
  ratings: { total: number; good: number };
  surveys: { total: number; good: number };
}

/** Statuses that are not (yet) a sale. */
const NOT_PLACED = new Set(['cancelled', 'pending_payment']);
/** Lines without a product line (old imports) are reported under this name. */
export const UNKNOWN_LINE = '其他';

export const emptyDay = (day: string): KpiDay => ({
  day,
  orders: 0,
  cancelled: 0,
  salesFen: 0,
  refundedFen: 0,
  buyers: 0,
  byTier: {},
  byRegion: {},
  byLine: {},
  cases: 0,
  complaints: 0,
  firstResponse: { met: 0, breached: 0, pending: 0 },
  ratings: { total: 0, good: 0 },
  surveys: { total: 0, good: 0 },
});

const fen = (n: number, what: string): number => {
  if (!Number.isSafeInteger(n)) throw new DomainError('JOBS.BAD_DOCUMENT', `${what} 不是整数分：${n}`);
  return n;
};

const addTo = (map: Record<string, Bucket>, key: string, orders: number, salesFen: number): void => {
  const b = map[key] ?? (map[key] = { orders: 0, salesFen: 0 });
  b.orders += orders;
  b.salesFen += salesFen;
};

/** An order's net sales split over its lines by paid amount; the shares add up to `net` exactly. */
export function splitByLine(net: number, lines: OrderFact['lines']): Map<string, number> {
  const out = new Map<string, number>();
  const weights = lines.map((l) => Math.max(0, l.paidFen));
  const total = weights.reduce((a, b) => a + b, 0);
  if (lines.length === 0 || total === 0) {
    out.set(lines[0]?.line || UNKNOWN_LINE, net);
    return out;
  }
  let given = 0;
  let largest = 0;
  lines.forEach((l, i) => {
    const share = Math.floor((net * (weights[i] as number)) / total);
    given += share;
    if ((weights[i] as number) > (weights[largest] as number)) largest = i;
    const key = l.line || UNKNOWN_LINE;
    out.set(key, (out.get(key) ?? 0) + share);
  });
  const bigKey = (lines[largest] as OrderFact['lines'][number]).line || UNKNOWN_LINE;
  out.set(bigKey, (out.get(bigKey) ?? 0) + (net - given));
  return out;
}

/** Rolls one day up; `day` is only carried (the caller picked the facts of that day). */
export function rollupDay(day: string, orders: readonly OrderFact[], cases: readonly CaseFact[], surveys: readonly SurveyFact[]): KpiDay {
  const d = emptyDay(day);
  const buyers = new Set<string>();
  for (const o of orders) {
    if (o.status === 'cancelled') d.cancelled += 1;
    if (NOT_PLACED.has(o.status)) continue;
    const refunded = fen(o.refundedFen ?? 0, 'refundedFen');
    const net = Math.max(0, fen(o.paidFen, 'paidFen') - refunded);
    d.orders += 1;
    d.salesFen += net;
    d.refundedFen += refunded;
    buyers.add(o.memberId);
    addTo(d.byTier, o.tier, 1, net);
    addTo(d.byRegion, o.region || '未填写', 1, net);
    for (const [line, share] of splitByLine(net, o.lines)) addTo(d.byLine, line, 1, share);
  }
  d.buyers = buyers.size;
  for (const c of cases) {
    d.cases += 1;
    if (c.type === 'complaint') d.complaints += 1;
    if (c.breachedFirstResponse) d.firstResponse.breached += 1;
    else if (c.firstResponseAt !== null) d.firstResponse.met += 1;
    else d.firstResponse.pending += 1;
    if (c.rating) {
      d.ratings.total += 1;
      if (c.rating.score >= 4) d.ratings.good += 1;
    }
  }
  for (const s of surveys) {
    d.surveys.total += 1;
    const { freshness, onTime, service } = s.scores;
    // Mean ≥ 4 without division: the sum of the three answers ≥ 12.
    if (freshness + onTime + service >= 12) d.surveys.good += 1;
  }
  return d;
}

const mergeBuckets = (into: Record<string, Bucket>, add: Record<string, Bucket>): void => {
  for (const [k, b] of Object.entries(add)) addTo(into, k, b.orders, b.salesFen);
};

/** The sum of several days (buyers are summed per day: a member buying on two days counts twice). */
export function sumDays(label: string, days: readonly KpiDay[]): KpiDay {
  const s = emptyDay(label);
  for (const d of days) {
    s.orders += d.orders;
    s.cancelled += d.cancelled;
    s.salesFen += d.salesFen;
    s.refundedFen += d.refundedFen;
    s.buyers += d.buyers;
    mergeBuckets(s.byTier, d.byTier);
    mergeBuckets(s.byRegion, d.byRegion);
    mergeBuckets(s.byLine, d.byLine);
    s.cases += d.cases;
    s.complaints += d.complaints;
    s.firstResponse.met += d.firstResponse.met;
    s.firstResponse.breached += d.firstResponse.breached;
    s.firstResponse.pending += d.firstResponse.pending;
    s.ratings.total += d.ratings.total;
    s.ratings.good += d.ratings.good;
    s.surveys.total += d.surveys.total;
    s.surveys.good += d.surveys.good;
  }
  return s;
}
