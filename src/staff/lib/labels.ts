/** Words for the staff pages (subpackage only). */
import type { CustomerKind, Role, StaffMemberView, TierHistoryView } from '@contracts/api';
import { tierTitle } from '../../format/tier';

export const ROLE_NAMES: Record<Role, string> = { customer: '顾客', staff: '店员', agent: '客服', manager: '店长', admin: '管理员' };

export const KIND_NAMES: Record<CustomerKind, string> = {
  household: '家庭',
  group_leader: '社区团长',
  restaurant: '餐馆',
  canteen: '食堂',
  chain: '连锁',
};

export const HISTORY_KINDS: Record<TierHistoryView['kind'], string> = {
  upgrade: '升级',
  downgrade: '降级',
  override: '人工调整',
  override_end: '人工调整到期',
};

export function roleName(role: string): string {
  return (ROLE_NAMES as Record<string, string>)[role] ?? role;
}

/** A tier's configured name ("核心会员"), from the tiers the server sent with the member. */
export function tierName(tiers: StaffMemberView['tiers'], id: string): string {
  const tier = tiers.find((t) => t.id === id);
  return tier ? tierTitle(tier.name) : id;
}
