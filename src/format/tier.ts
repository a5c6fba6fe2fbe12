import type { TierBenefitsView } from '@contracts/api';

/** Strip trailing zeros of a fixed-width fraction: "500" → "5", "000" → "". */
function trimFraction(digits: string): string {
  return digits.replace(/0+$/, '');
}

/**
 * A discount in basis points as Chinese 折: 500 (5% off) → "9.5折", 1000 → "9折", 1200 → "8.8折",
 * 250 → "9.75折". No discount (≤ 0) or a nonsense one (≥ 100%) gives null.
 */
export function discountText(discountBp: number): string | null {
  if (!Number.isInteger(discountBp) || discountBp <= 0 || discountBp >= 10000) return null;
  const rest = 10000 - discountBp; // in thousandths of 折
  const frac = rest % 1000;
  const whole = (rest - frac) / 1000;
  const fracText = trimFraction(String(frac).padStart(3, '0'));
  return `${whole}${fracText ? '.' + fracText : ''}折`;
}

/** A points multiplier in percent: 150 → "1.5倍积分", 200 → "2倍积分"; 100 or less gives null. */
export function multiplierText(pointsMultiplierPct: number): string | null {
  if (!Number.isInteger(pointsMultiplierPct) || pointsMultiplierPct <= 100) return null;
  const frac = pointsMultiplierPct % 100;
  const whole = (pointsMultiplierPct - frac) / 100;
  const fracText = trimFraction(String(frac).padStart(2, '0'));
  return `${whole}${fracText ? '.' + fracText : ''}倍积分`;
}

/** Tier names read as "核心会员" whether the configuration says "核心" or "核心会员". */
export function tierTitle(name: string): string {
  const trimmed = name.trim();
  return trimmed.endsWith('会员') ? trimmed : `${trimmed}会员`;
}

/**
 * The benefits of a tier as short labels, in a fixed order. A generic label is left out when a perk
 * already says it more precisely ("24小时优先配送" instead of "优先配送").
 */
export function benefitLabels(benefits: TierBenefitsView): string[] {
  const perks = benefits.perks.map((p) => p.trim()).filter((p) => p !== '');
  const coveredByPerk = (label: string) => perks.some((p) => p.includes(label));
  const labels: string[] = [];
  const discount = discountText(benefits.discountBp);
  if (discount) labels.push(`会员价${discount}`);
  const multiplier = multiplierText(benefits.pointsMultiplierPct);
  if (multiplier) labels.push(multiplier);
  if (benefits.priorityDelivery && !coveredByPerk('优先配送')) labels.push('优先配送');
  if (benefits.dedicatedContact && !coveredByPerk('专属客户经理')) labels.push('专属客户经理');
  for (const perk of perks) {
    if (!labels.includes(perk)) labels.push(perk);
  }
  return labels;
}
