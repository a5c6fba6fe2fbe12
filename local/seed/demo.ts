/**
 * The deterministic demo dataset: 303 customers of a vegetable wholesaler (households, community
 * group leaders, restaurants, canteens, chains), 24 months of orders of real produce run through the
 * domain's own order entry point and monthly tier reviews, a few refunds and complaints, and staff.
 * Same seed and same day → same data.
 */
import type { CustomerKind, DemoIdentityView, TierId } from '../../cloudfunctions/contracts/api';
import { inSeason } from '../../cloudfunctions/core/catalog/availability';
import { GRAMS_PER_PRICE_UNIT, type Product } from '../../cloudfunctions/core/catalog/product';
import type { CaseCategory, CaseType } from '../../cloudfunctions/core/cases/stateMachine';
import type { AppConfig } from '../../cloudfunctions/core/config';
import { completeOrder, refundOrder, type MemberLedger } from '../../cloudfunctions/core/orders/lifecycle';
import { quoteCart, tierUnitPriceFen, type CartItem } from '../../cloudfunctions/core/orders/pricing';
import { settleWeights } from '../../cloudfunctions/core/orders/weights';
import { findTemplate, type CouponTemplate } from '../../cloudfunctions/core/coupons/catalog';
import { issueCoupon, type CouponRecord } from '../../cloudfunctions/core/coupons/coupon';
import { bringCurrent, emptyAccount, redeem, type Movement } from '../../cloudfunctions/core/points/account';
import { effectiveTier, initialTierState, reviewTier, type TierChange } from '../../cloudfunctions/core/tiers/membership';
import { tierDefinition } from '../../cloudfunctions/core/tiers/rules';
import { emptyStats, metricsAt } from '../../cloudfunctions/core/tiers/stats';
import { DAY_MS, dayKey, inZone, startOfDayMs } from '../../cloudfunctions/core/time';
import type { DocData } from '../../cloudfunctions/ports/db';
import { slaEnv } from '../../cloudfunctions/services/caseClock';
import { messageIdFor, type CaseDoc, type CaseMessage } from '../../cloudfunctions/services/caseModel';
import { newCaseDoc, withSla } from '../../cloudfunctions/services/cases';
import { accountData } from '../../cloudfunctions/services/ledger';
import { formatMemberNo, type MemberDoc } from '../../cloudfunctions/services/members';
import { customerActor, EMPTY_FIGURES, newOrderDoc, productDoc, SYSTEM_ACTOR, timelineEntry, type Actor, type DeliverySlot, type OrderDoc, type ProductDoc, type StandingListDoc } from '../../cloudfunctions/services/orderModel';
import { couponDoc, couponIdFor } from '../../cloudfunctions/services/points';
import { catalogToday, CHAIN_NAMES, GIVEN, PICKUP_POINTS, productAt, REGIONS, SEED_PRODUCTS, SHOP_KINDS, SHOP_WORDS, SURNAMES } from './catalog';
import { demoCrm, type CrmSeed } from './crm';
import { createRng, type Rng } from './random';

const YUAN = 100;
const YEAR_DAYS = 365;
const HISTORY_MONTHS = 24;

interface Profile {
  openid: string;
  name: string;
  kind: CustomerKind;
  region: string;
  /** Target yearly spend in fen and orders per active month. */
  annualFen: number;
  ordersPerMonth: number;
  tenureDays: number;
  /** Share of the last 12 months with orders. */
  activity: number;
  /** Months (counting back from now, 0 = this month) with no orders at all. */
  silentRecentMonths?: number;
  contact?: { name: string; phone: string };
}

const SALES = { name: '李小鲜', phone: '138 0000 1234' };

/** The identities the H5 dev switch offers: one customer of each tier, a group leader, staff. */
const DEMO_PROFILES: (Profile & { label: string; expectTier: TierId })[] = [
  { openid: 'demo-basic', label: '基础会员 · 陈阿姨（家庭）', expectTier: 'basic', name: '陈阿姨', kind: 'household', region: '闵行区', annualFen: 6_200 * YUAN, ordersPerMonth: 4, tenureDays: 2 * YEAR_DAYS + 40, activity: 1 },
  { openid: 'demo-potential', label: '潜力会员 · 湘味小馆（餐厅）', expectTier: 'potential', name: '湘味小馆', kind: 'restaurant', region: '徐汇区', annualFen: 72_000 * YUAN, ordersPerMonth: 6, tenureDays: 2 * YEAR_DAYS, activity: 1 },
  { openid: 'demo-core', label: '核心会员 · 阳光食堂（食堂）', expectTier: 'core', name: '阳光职工食堂', kind: 'canteen', region: '浦东新区', annualFen: 186_000 * YUAN, ordersPerMonth: 10, tenureDays: 2 * YEAR_DAYS + 100, activity: 1 },
  { openid: 'demo-strategic', label: '战略会员 · 鲜丰连锁超市', expectTier: 'strategic', name: '鲜丰连锁超市', kind: 'chain', region: '静安区', annualFen: 760_000 * YUAN, ordersPerMonth: 14, tenureDays: 5 * YEAR_DAYS, activity: 1, contact: SALES },
  { openid: 'demo-leader', label: '团长 · 张姐（两个月只下了一单）', expectTier: 'core', name: '张姐（阳光花园团长）', kind: 'group_leader', region: '普陀区', annualFen: 112_000 * YUAN, ordersPerMonth: 9, tenureDays: 3 * YEAR_DAYS + 20, activity: 1, silentRecentMonths: 2 },
];

export const DEMO_STAFF = [
  { openid: 'demo-staff', name: '李小鲜', role: 'staff' as const, label: '店员 · 李小鲜' },
  { openid: 'demo-manager', name: '王经理', role: 'manager' as const, label: '店长 · 王经理' },
  { openid: 'demo-agent', name: '赵客服', role: 'agent' as const, label: '客服 · 赵客服' },
  { openid: 'demo-admin', name: '陈总', role: 'admin' as const, label: '管理员 · 陈总' },
];

export function demoIdentities(): DemoIdentityView[] {
  return [
    ...DEMO_PROFILES.map((p) => ({ openid: p.openid, label: p.label, role: 'customer' as const, tier: p.expectTier, kind: p.kind })),
    ...DEMO_STAFF.map((s) => ({ openid: s.openid, label: s.label, role: s.role, tier: null, kind: null })),
  ];
}

function personName(rng: Rng): string {
  return `${rng.pick(SURNAMES)}${rng.pick(GIVEN)}`;
}

function generatedProfiles(rng: Rng): Profile[] {
  const profiles: Profile[] = [];
  const add = (count: number, make: (i: number) => Omit<Profile, 'openid'>, prefix: string) => {
    for (let i = 0; i < count; i += 1) profiles.push({ openid: `seed-${prefix}-${String(i + 1).padStart(3, '0')}`, ...make(i) });
  };
  add(6, (i) => ({ name: CHAIN_NAMES[i + 2] as string, kind: 'chain', region: rng.pick(REGIONS), annualFen: rng.int(560_000, 900_000) * YUAN, ordersPerMonth: rng.int(12, 16), tenureDays: rng.int(3 * YEAR_DAYS + 30, 6 * YEAR_DAYS), activity: 1, contact: SALES }), 'chain');
  add(20, () => ({ name: `${rng.pick(REGIONS).slice(0, 2)}${rng.pick(['第一', '第二', '实验', '滨江', '科技园'])}${rng.pick(['中学食堂', '职工食堂', '医院食堂', '园区食堂'])}`, kind: 'canteen', region: rng.pick(REGIONS), annualFen: rng.int(110_000, 420_000) * YUAN, ordersPerMonth: rng.int(8, 12), tenureDays: rng.int(420, 4 * YEAR_DAYS), activity: 0.95 }), 'canteen');
  add(48, () => ({ name: `${rng.pick(SURNAMES)}${rng.pick(['姐', '哥', '阿姨'])}（${rng.pick(['阳光', '绿地', '万科', '金色', '春江'])}${rng.pick(['花园', '小区', '家园', '新村'])}团长）`, kind: 'group_leader', region: rng.pick(REGIONS), annualFen: rng.int(55_000, 260_000) * YUAN, ordersPerMonth: rng.int(6, 10), tenureDays: rng.int(150, 3 * YEAR_DAYS), activity: 0.85 }), 'leader');
  add(44, () => ({ name: `${rng.pick(SHOP_WORDS)}${rng.pick(SHOP_KINDS)}`, kind: 'restaurant', region: rng.pick(REGIONS), annualFen: rng.int(25_000, 98_000) * YUAN, ordersPerMonth: rng.int(4, 8), tenureDays: rng.int(90, 3 * YEAR_DAYS), activity: 0.85 }), 'restaurant');
  add(180, () => ({ name: personName(rng), kind: 'household', region: rng.pick(REGIONS), annualFen: rng.int(1_500, 12_000) * YUAN, ordersPerMonth: rng.int(2, 5), tenureDays: rng.int(20, 4 * YEAR_DAYS), activity: 0.75 }), 'household');
  return profiles;
}

/** What one ordered unit costs at list price: a piece, or one estimated portion of a by-weight product. */
const unitListFen = (p: Product): number => (p.weight === null || p.unit === 'piece' ? p.listPriceFen : Math.round((p.listPriceFen * p.weight.estimatedGramsPerUnit) / GRAMS_PER_PRICE_UNIT[p.unit]));

/** The products a customer could order at `at`: sold then, on the shelf then, in season then. */
const orderableAt = (at: number, now: number): Product[] =>
  SEED_PRODUCTS.map((s) => productAt(s, at, now)).filter((p): p is Product => p !== null && p.onShelf && inSeason(p, at));

function pickItems(rng: Rng, targetFen: number, at: number, now: number): CartItem[] {
  const pool = orderableAt(at, now);
  const count = Math.min(pool.length, rng.int(3, 8));
  const chosen = new Set<number>();
  while (chosen.size < count) chosen.add(rng.int(0, pool.length - 1));
  const share = Math.max(1, Math.floor(targetFen / count));
  return [...chosen].map((index) => {
    const product = pool[index] as Product;
    const wanted = Math.max(product.minPerOrder, Math.round(share / Math.max(1, unitListFen(product))));
    return { product, quantity: product.maxPerOrder === null ? wanted : Math.min(wanted, product.maxPerOrder) };
  });
}

const SEED_STAFF: Actor = { kind: 'staff', id: 'demo-staff', name: '李小鲜' };
const WINDOW_BY_HOUR = (hour: number): DeliverySlot['window'] => (hour < 9 ? 'early' : hour < 13 ? 'morning' : 'afternoon');

/**
 * 张姐's order of last week, built so 再来一单 shows every kind of line today: 上海青 and 西红柿
 * repriced (up, down), the 红富士 box off the shelf (烟台苹果 offered instead), 土鸡蛋 over the new
 * per-order limit, the milk over the stock left, and by-weight pork that keeps its quantity.
 */
export const LEADER_LAST_ORDER: [string, number][] = [
  ['LEAF-01', 20],
  ['FRUIT-06', 6],
  ['FRUIT-12', 3],
  ['MEAT-09', 8],
  ['DAIRY-01', 20],
  ['MEAT-01', 10],
  ['ROOT-01', 8],
  ['MUSH-02', 10],
];

export interface SeedData {
  products: ProductDoc[];
  standingLists: StandingListDoc[];
  members: MemberDoc[];
  accounts: DocData[];
  movements: DocData[];
  orders: OrderDoc[];
  tierHistory: DocData[];
  coupons: DocData[];
  couponWallets: DocData[];
  complaints: DocData[];
  staff: DocData[];
  counters: DocData[];
  /** The customer relationship cards and the staff search projection (seed/crm.ts). */
  crm?: CrmSeed;
}

interface Draft { order: OrderDoc; items: CartItem[] }
type Event = { at: number; kind: 'order'; draft: Draft } | { at: number; kind: 'review' } | { at: number; kind: 'refund'; orderId: string; pct: number };

/** Monthly reviews at 02:00 on the review day of each month of the history. */
function reviewInstants(now: number, config: AppConfig): number[] {
  const start = inZone(now).startOf('month');
  const day = String(config.tiers.reviewDayOfMonth).padStart(2, '0');
  return Array.from({ length: HISTORY_MONTHS + 1 }, (_, i) => startOfDayMs(`${start.subtract(HISTORY_MONTHS - i, 'month').format('YYYY-MM')}-${day}`) + 2 * 3600_000).filter((t) => t <= now);
}

export function generateDemo(config: AppConfig, now: number, seed = 20261125): SeedData {
  const rng = createRng(seed);
  const data: SeedData = { products: catalogToday().map((p) => productDoc(p, now - 7 * DAY_MS)), standingLists: [], members: [], accounts: [], movements: [], orders: [], tierHistory: [], coupons: [], couponWallets: [], complaints: [], staff: [], counters: [] };
  const profiles = [...DEMO_PROFILES, ...generatedProfiles(rng)];
  const reviews = reviewInstants(now, config);
  let orderSeq = 0;

  profiles.forEach((profile, index) => {
    const memberNo = formatMemberNo(index + 1);
    const joinedAt = now - profile.tenureDays * DAY_MS;
    const events: Event[] = reviews.filter((t) => t > joinedAt).map((at) => ({ at, kind: 'review' as const }));
    const orders: OrderDoc[] = [];
    const addOrder = (at: number, items: CartItem[]) => {
      orderSeq += 1;
      const createdAt = at - 3 * 3600_000;
      const pickup = profile.kind === 'group_leader';
      // Priced when its event is replayed, at the tier the member has by then.
      const order: OrderDoc = {
        ...newOrderDoc({
          id: `O${dayKey(at).replace(/-/g, '')}${String(orderSeq).padStart(6, '0')}`,
          memberId: profile.openid,
          channel: 'app',
          status: 'submitted',
          figures: EMPTY_FIGURES,
          tier: 'basic',
          discountBp: 0,
          payment: { method: 'on_account', outTradeNo: null, paidAt: null },
          slot: { kind: pickup ? 'pickup' : 'delivery', day: dayKey(createdAt), window: WINDOW_BY_HOUR(inZone(createdAt).hour()), pickupPoint: pickup ? (PICKUP_POINTS[0] as string) : null, priority: false },
          region: profile.region,
          at: createdAt,
          by: customerActor(profile.openid),
        }),
        updatedAt: at,
      };
      orders.push(order);
      events.push({ at, kind: 'order', draft: { order, items } });
      if (rng.chance(0.03) && at + DAY_MS < now) events.push({ at: at + DAY_MS, kind: 'refund', orderId: order._id, pct: rng.int(10, 40) });
    };
    const addTargetOrder = (at: number, targetFen: number) => addOrder(at, pickItems(rng, targetFen, at, now));

    // The first order opens the relationship; then up to 24 months of regular orders, so tiers at
    // the start of the last year already reflect the year before it.
    addTargetOrder(joinedAt + 10 * 3600_000, Math.floor(profile.annualFen / 12 / profile.ordersPerMonth));
    const perOrder = Math.floor(profile.annualFen / 12 / profile.ordersPerMonth);
    for (let back = HISTORY_MONTHS - 1; back >= 0; back -= 1) {
      if (back < (profile.silentRecentMonths ?? 0)) continue;
      if (profile.activity < 1 && !rng.chance(profile.activity)) continue;
      const monthStart = inZone(now).startOf('month').subtract(back, 'month');
      const days = monthStart.daysInMonth();
      for (let k = 0; k < profile.ordersPerMonth; k += 1) {
        const at = monthStart.add(rng.int(0, days - 1), 'day').add(rng.int(7, 19), 'hour').add(rng.int(0, 59), 'minute').valueOf();
        if (at <= joinedAt || at >= now - 3600_000) continue;
        addTargetOrder(at, Math.floor(perOrder * rng.int(70, 130) / 100));
      }
    }
    if (profile.openid === 'demo-leader') {
      const at = now - 5 * DAY_MS;
      const bySku = new Map(SEED_PRODUCTS.map((p) => [p.id, p]));
      addOrder(at, LEADER_LAST_ORDER.map(([id, quantity]) => ({ product: productAt(bySku.get(id) as (typeof SEED_PRODUCTS)[number], at - 3 * 3600_000, now) as Product, quantity })));
    }

    let ledger: MemberLedger = { stats: emptyStats(), tierState: initialTierState(joinedAt), account: emptyAccount() };
    const movements: Movement[] = [];
    const coupons: CouponRecord[] = [];
    const changes: { change: TierChange; key: string }[] = [];
    const byId = new Map(orders.map((o) => [o._id, o]));
    events.sort((a, b) => a.at - b.at);
    for (const event of events) {
      if (event.kind === 'review') {
        const r = reviewTier(ledger.tierState, metricsAt(ledger.stats, event.at), config.tiers, event.at);
        ledger = { ...ledger, tierState: r.state };
        r.changes.forEach((change, i) => changes.push({ change, key: `review:${dayKey(event.at).slice(0, 7)}:${i}` }));
      } else if (event.kind === 'order') {
        const o = event.draft.order;
        const tier = effectiveTier(ledger.tierState, event.at).tier;
        const benefits = tierDefinition(config.tiers, tier).benefits;
        const quote = quoteCart({ items: event.draft.items, benefits, pointsPerYuan: config.points.pointsPerYuan, memberId: o.memberId, now: o.createdAt });
        Object.assign(o, {
          lines: quote.lines,
          tier,
          discountBp: benefits.discountBp,
          listTotalFen: quote.listTotalFen,
          tierDiscountFen: quote.tierDiscountFen,
          subtotalFen: quote.subtotalFen,
          paidFen: quote.paidFen,
          hasWeightLines: quote.hasWeightLines,
          estimatedPoints: quote.estimatedPoints,
          slot: o.slot ? { ...o.slot, priority: benefits.priorityDelivery } : null,
        });
        const step = (status: OrderDoc['status'], ev: Parameters<typeof timelineEntry>[1], at: number, by: Actor) => o.timeline.push(timelineEntry(status, ev, at, by));
        step('confirmed', 'confirm', o.createdAt + 15 * 60_000, SEED_STAFF);
        if (quote.hasWeightLines) {
          // Scales rarely agree with the estimate: a few percent lighter up to somewhat heavier.
          const finalWeights = quote.lines.filter((l) => l.estimatedGrams !== null).map((l) => ({ productId: l.productId, grams: Math.round(((l.estimatedGrams as number) * (100 + rng.int(-6, 12))) / 100) }));
          const settled = settleWeights({ orderId: o._id, lines: quote.lines, couponFen: 0, finalWeights });
          const weighedAt = o.createdAt + 60 * 60_000;
          Object.assign(o, { lines: settled.lines, listTotalFen: settled.listTotalFen, tierDiscountFen: settled.tierDiscountFen, subtotalFen: settled.subtotalFen, paidFen: settled.paidFen, weights: { ...settled, at: weighedAt, by: SEED_STAFF } });
          step('weighed', 'weigh', weighedAt, SEED_STAFF);
        }
        step('dispatched', 'dispatch', o.createdAt + 90 * 60_000, SEED_STAFF);
        step('delivered', 'deliver', o.createdAt + 150 * 60_000, SEED_STAFF);
        const r = completeOrder(ledger, { orderId: o._id, paidFen: o.paidFen, completedAt: event.at }, config);
        ledger = r.ledger;
        movements.push(...r.movements);
        if (r.tierChange) changes.push({ change: r.tierChange, key: `order:${o._id}` });
        if (event.at > now - 14 * DAY_MS) {
          for (const templateId of r.repurchaseTemplateIds) {
            const template = findTemplate(config.coupons.catalog, templateId);
            if (template) coupons.push(issueCoupon(template, { couponId: couponIdFor(profile.openid, `repurchase:${o._id}:${templateId}`), memberId: profile.openid, now: event.at, source: 'repurchase' }));
          }
        }
        const usableAt = r.ledger.account.pendingLots.find((l) => l.orderId === o._id)?.usableAt ?? event.at + config.points.settleAfterDays * DAY_MS;
        step('completed', 'complete', event.at, SYSTEM_ACTOR);
        Object.assign(o, { status: 'completed', completedAt: event.at, updatedAt: event.at, points: { earned: r.earnedPoints, multiplierPct: r.multiplierPct, expiresAt: r.earnExpiresAt, usableAt } });
      } else {
        const o = byId.get(event.orderId) as OrderDoc;
        const refundId = `R${o._id.slice(1)}`;
        const fen = Math.floor((o.paidFen * event.pct) / 100);
        if (fen <= 0) continue;
        const r = refundOrder(ledger, { orderId: o._id, paidFen: o.paidFen, completedAt: o.completedAt as number, earnedPoints: o.points?.earned ?? 0, earnExpiresAt: o.points?.expiresAt ?? null, refundedBeforeFen: o.refundedFen }, { refundId, refundFen: fen, at: event.at });
        ledger = r.ledger;
        movements.push(...r.movements);
        o.refundedFen += fen;
        o.refunds.push({ refundId, fen, at: event.at, points: r.reversedPoints, lines: [], reason: '部分商品品质问题，协商退款', by: SEED_STAFF });
        o.status = 'partially_refunded';
        o.updatedAt = event.at;
        o.timeline.push(timelineEntry('partially_refunded', 'refund_partial', event.at, SEED_STAFF, '部分商品品质问题，协商退款'));
      }
    }
    // Some customers have already traded points for a coupon; recent orders left 复购券.
    let account = ledger.account;
    if (index < DEMO_PROFILES.length || rng.chance(0.15)) {
      const template = findTemplate(config.coupons.catalog, index % 2 === 0 ? 'pts-100-10' : 'pts-eggs') as CouponTemplate;
      const at = now - 3 * DAY_MS;
      const before = bringCurrent(account, at).account;
      if (before.available >= template.costPoints) {
        const requestId = `seed-${profile.openid}`;
        const r = redeem(account, { redemptionId: requestId, cost: template.costPoints, now: at, reason: `兑换优惠券「${template.title}」` });
        account = r.account;
        movements.push(...r.movements);
        coupons.push(issueCoupon(template, { couponId: couponIdFor(profile.openid, `redeem:${requestId}`), memberId: profile.openid, now: at, source: 'redeem' }));
        data.couponWallets.push({ _id: profile.openid, redeemed: { [template.id]: 1 } });
      }
    }
    const current = bringCurrent(account, now);
    movements.push(...current.movements);
    data.coupons.push(...coupons.map(couponDoc));

    data.members.push({
      _id: profile.openid,
      memberNo,
      displayName: profile.name,
      kind: profile.kind,
      region: profile.region,
      phone: `1${rng.int(30, 89)}${String(rng.int(0, 99_999_999)).padStart(8, '0')}`,
      joinedAt,
      stats: ledger.stats,
      tierState: ledger.tierState,
      contact: profile.contact ?? null,
    });
    data.accounts.push({ _id: profile.openid, ...accountData(current.account, now) });
    data.movements.push(...movements.map((m) => ({ _id: `${profile.openid}:${m.key}`, memberId: profile.openid, ...m })));
    data.orders.push(...orders);
    data.tierHistory.push(...changes.map(({ change, key }) => ({ _id: `${profile.openid}:${key}`, memberId: profile.openid, by: null, ...change })));
  });

  data.standingLists = leaderLists(config, now);
  data.complaints = demoComplaints(data, config, now);
  data.staff = DEMO_STAFF.map((s) => ({ _id: s.openid, name: s.name, role: s.role, active: true }));
  data.counters = [{ _id: 'memberNo', value: profiles.length }];
  data.crm = demoCrm(data.members, now);
  return data;
}

/** 张姐's two standing lists (常购清单), one per pickup point, saved three weeks ago at the prices then. */
function leaderLists(config: AppConfig, now: number): StandingListDoc[] {
  const savedAt = now - 21 * DAY_MS;
  const discountBp = tierDefinition(config.tiers, 'core').benefits.discountBp;
  const bySku = new Map(SEED_PRODUCTS.map((p) => [p.id, p]));
  const list = (id: string, name: string, pickupPoint: string, items: [string, number][]): StandingListDoc => ({
    _id: id,
    memberId: 'demo-leader',
    name,
    pickupPoint,
    items: items.map(([sku, quantity]) => {
      const product = productAt(bySku.get(sku) as (typeof SEED_PRODUCTS)[number], savedAt, now) as Product;
      return {
        productId: product.id,
        name: product.name,
        line: product.line,
        unit: product.unit,
        quantity,
        unitPriceFen: tierUnitPriceFen(product.listPriceFen, discountBp),
        estimatedGrams: product.weight === null ? null : product.weight.estimatedGramsPerUnit * quantity,
      };
    }),
    createdAt: savedAt,
    updatedAt: savedAt,
  });
  return [
    list('SL-demo-leader-1', '阳光花园周三团', PICKUP_POINTS[0] as string, [['LEAF-01', 30], ['LEAF-03', 20], ['ROOT-01', 10], ['FRUIT-06', 10], ['MEAT-09', 6], ['DAIRY-01', 24]]),
    list('SL-demo-leader-2', '曹杨新村周末团', PICKUP_POINTS[2] as string, [['FRUIT-12', 4], ['FRUIT-04', 6], ['MEAT-01', 12], ['MUSH-01', 8], ['GRAIN-01', 5]]),
  ];
}

/**
 * Six cases for the desk, on the demo members, timed back from the seed's instant so the queue shows
 * every state: near its deadline, overdue, fresh, answered, waiting for the customer, resolved.
 */
const COMPLAINTS: { member: string; type: CaseType; category: CaseCategory; text: string; hoursAgo: number; state: 'open' | 'answered' | 'waiting' | 'resolved' }[] = [
  { member: 'demo-strategic', type: 'complaint', category: 'quality', text: '今早到的上海青叶子发黄，有一部分已经烂了，门店没法上架', hoursAgo: 2, state: 'open' },
  { member: 'demo-core', type: 'complaint', category: 'late', text: '说好早上7点前送到，8点半才到，耽误了食堂备餐', hoursAgo: 30, state: 'open' },
  { member: 'demo-basic', type: 'complaint', category: 'short_weight', text: '五花肉称了一下少了差不多半斤，单子上写的是2斤', hoursAgo: 1, state: 'open' },
  { member: 'demo-leader', type: 'enquiry', category: 'price', text: '下周团购想多订些草莓，批发价能不能再优惠一点？', hoursAgo: 4, state: 'open' },
  { member: 'demo-potential', type: 'complaint', category: 'wrong_item', text: '订的是小米椒，送来的是二荆条，晚上的菜做不了', hoursAgo: 20, state: 'waiting' },
  { member: 'demo-basic', type: 'complaint', category: 'quality', text: '鸡蛋破了好几个，盒子也压扁了', hoursAgo: 60, state: 'resolved' },
];

function demoComplaints(data: SeedData, config: AppConfig, now: number): DocData[] {
  const env = slaEnv(config);
  const clerk = { kind: 'staff' as const, id: 'demo-staff', name: '李小鲜' };
  return COMPLAINTS.map((c, i) => {
    const member = data.members.find((m) => m._id === c.member) as MemberDoc;
    const order = data.orders.filter((o) => o.memberId === member._id).at(-1) ?? null;
    const at = now - c.hoursAgo * 3600_000;
    const id = `K${String(i + 1).padStart(6, '0')}DEMO00000`;
    const first: CaseMessage = { id: messageIdFor(id, 'seed'), by: { kind: 'customer', id: member._id, name: member.displayName }, text: c.text, photos: [], at, internal: false, check: 'pass' };
    let doc: CaseDoc = newCaseDoc(
      { id, member, tierName: tierDefinition(config.tiers, member.tierState.tier).name, type: c.type, category: c.category, orderId: c.type === 'complaint' ? (order?._id ?? null) : null, productIds: [], preferredContact: null, first, source: 'customer', request: null },
      env,
      at,
    );
    if (c.state !== 'open') {
      const replyAt = at + 3600_000;
      const reply: CaseMessage = { id: messageIdFor(id, 'seed-reply'), by: clerk, text: c.state === 'waiting' ? '非常抱歉！麻烦拍一下收到的货和送货单，我们马上补发' : '非常抱歉，我们已经核实，马上为您处理', photos: [], at: replyAt, internal: false, check: 'pass' };
      doc = { ...doc, status: c.state === 'waiting' ? 'waiting_customer' : 'answered', thread: [...doc.thread, reply], firstResponseAt: replyAt, assignee: { id: clerk.id, name: clerk.name }, assigneeId: clerk.id, clock: c.state === 'waiting' ? [...doc.clock, { type: 'pause', at: replyAt }] : doc.clock };
    }
    if (c.state === 'resolved') {
      const resolvedAt = at + 5 * 3600_000;
      doc = {
        ...doc,
        status: 'resolved',
        resolutions: 1,
        resolvedAt,
        clock: [...doc.clock, { type: 'stop', at: resolvedAt }],
        resolution: { round: 1, outcome: 'explanation', note: '已补送一盒鸡蛋，并加强了装箱防护', by: clerk, at: resolvedAt, compensation: null, reversed: null },
        callback: { assigneeId: clerk.id, assigneeName: clerk.name, dueAt: resolvedAt + DAY_MS, doneAt: null, note: null },
        customerUnread: true,
      };
    }
    const { _id, ...rest } = withSla({ ...doc, updatedAt: now }, env, now);
    return { _id, ...rest } as unknown as DocData;
  });
}
