/**
 * Synthetic members for benchmarks (`--members N`): realistic purchase statistics, tier state and a
 * points account per member, without order documents (100k members × a year of orders would not fit
 * a laptop's patience). Tiers are evaluated by the real rules from the generated statistics.
 */
import { defaultAppConfig } from '../../cloudfunctions/core/config';
import { earn, emptyAccount } from '../../cloudfunctions/core/points/account';
import { evaluateTier } from '../../cloudfunctions/core/tiers/evaluate';
import { initialTierState } from '../../cloudfunctions/core/tiers/membership';
import { metricsAt, type MonthBucket } from '../../cloudfunctions/core/tiers/stats';
import { DAY_MS, trailingMonths } from '../../cloudfunctions/core/time';
import { C } from '../../cloudfunctions/services/collections';
import { searchDocs } from '../../cloudfunctions/services/crmSearch';
import { accountData } from '../../cloudfunctions/services/ledger';
import { formatMemberNo, type MemberDoc } from '../../cloudfunctions/services/members';
import type { LocalDb } from '../clouddb';
import { createRng } from './random';

const KINDS = ['household', 'household', 'household', 'restaurant', 'group_leader', 'canteen'] as const;

/**
 * A distinct mobile number per member, from its number alone (not the random stream, so the other
 * synthetic figures stay as they were); its last four digits spread over all 10,000 values.
 */
export const syntheticPhone = (n: number): string => `1${30 + (n % 60)}${String((n * 104_729) % 100_000_000).padStart(8, '0')}`;

export async function seedSynthetic(db: LocalDb, count: number, now: number, seed = 7): Promise<number> {
  const rng = createRng(seed);
  const config = defaultAppConfig;
  const window = trailingMonths(now, 12);
  const { total: existing } = await db.collection(C.members).count();
  const BATCH = 5000;
  for (let start = 0; start < count; start += BATCH) {
    const members: MemberDoc[] = [];
    const accounts: Record<string, unknown>[] = [];
    const search: Record<string, unknown>[] = [];
    for (let i = start; i < Math.min(count, start + BATCH); i += 1) {
      const n = existing + i + 1;
      const openid = `bench-${String(i + 1).padStart(7, '0')}`;
      const kind = KINDS[i % KINDS.length] as (typeof KINDS)[number];
      const monthlyFen = kind === 'household' ? rng.int(100, 1200) * 100 : rng.int(2000, 30_000) * 100;
      const months: Record<string, MonthBucket> = {};
      let orders = 0;
      for (const key of window) {
        if (!rng.chance(0.8)) continue;
        const count = rng.int(1, 8);
        months[key] = { netFen: monthlyFen, orders: count };
        orders += count;
      }
      const firstOrderAt = now - rng.int(30, 5 * 365) * DAY_MS;
      const stats = { firstOrderAt, lastOrderAt: now - rng.int(1, 60) * DAY_MS, orderCount: orders + 1, months };
      const evaluated = evaluateTier(metricsAt(stats, now, window), config.tiers);
      const tierState = { ...initialTierState(firstOrderAt), tier: evaluated.tier, ruleId: evaluated.ruleId };
      const member: MemberDoc = { _id: openid, memberNo: formatMemberNo(n), displayName: `测试会员${n}`, kind, region: '浦东新区', phone: syntheticPhone(n), joinedAt: firstOrderAt, stats, tierState, contact: null };
      members.push(member);
      // The staff search projection, as enrolment writes it (services/crmSearch.ts).
      search.push(...(searchDocs(openid, { displayName: member.displayName, phone: member.phone, contactName: null, contactPhone: null, organisation: null }) as unknown as Record<string, unknown>[]));
      const account = earn(emptyAccount(), { orderId: `bench-${n}`, paidFen: monthlyFen, multiplierPct: 100, completedAt: now - rng.int(8, 300) * DAY_MS, now }, config.points).account;
      accounts.push({ _id: openid, ...accountData(account, now) });
    }
    await db.importMany(C.members, members as unknown as Record<string, unknown>[]);
    await db.importMany(C.pointsAccounts, accounts);
    await db.importMany(C.crmSearch, search);
  }
  await db.collection(C.counters).doc('memberNo').set({ data: { value: existing + count } });
  return count;
}
