/** The membership card: tier (with benefits and progress), points summary, contact. */
import type { MemberCardView, TierView } from '../contracts/api';
import type { AppConfig } from '../core/config';
import { emptyAccount, summary } from '../core/points/account';
import { progressToNext } from '../core/tiers/evaluate';
import { downgradeOutlook, effectiveTier } from '../core/tiers/membership';
import { tierDefinition, type TierConfig, type TierId } from '../core/tiers/rules';
import { metricsAt } from '../core/tiers/stats';
import type { AccountDoc, MemberDoc } from './members';

function tierView(config: TierConfig, id: TierId): TierView {
  const def = tierDefinition(config, id);
  return { id, name: def.name, benefits: def.benefits };
}

const tierRef = (config: TierConfig, id: TierId) => ({ id, name: tierDefinition(config, id).name });

export function buildCard(member: MemberDoc, account: AccountDoc | null, config: AppConfig, now: number): MemberCardView {
  const metrics = metricsAt(member.stats, now);
  const effective = effectiveTier(member.tierState, now);
  const progress = progressToNext(effective.tier, metrics, config.tiers);
  const outlook = effective.source === 'rules' ? downgradeOutlook(member.tierState, metrics, config.tiers, now) : null;
  const points = summary(account ?? emptyAccount(), now, config.points);
  const benefits = tierDefinition(config.tiers, effective.tier).benefits;
  return {
    memberNo: member.memberNo,
    displayName: member.displayName,
    kind: member.kind,
    tier: { ...tierView(config.tiers, effective.tier), source: effective.source, overrideUntil: effective.overrideUntil },
    points: { available: points.available, pending: points.pending, owed: points.owed, expiringSoon: points.expiringSoon && { points: points.expiringSoon.points, on: points.expiringSoon.on } },
    metrics,
    progress: progress ? { next: tierRef(config.tiers, progress.next), gaps: progress.gap } : null,
    downgradeWarning: outlook ? { reviewOn: outlook.reviewOn, to: tierRef(config.tiers, outlook.to), keep: outlook.keep } : null,
    contact: benefits.dedicatedContact ? member.contact : null,
  };
}
