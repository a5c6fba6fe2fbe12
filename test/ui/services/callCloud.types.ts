/**
 * Type-level test of the API map, checked by `tsc` (not run by jest): `callCloud` knows every
 * function's actions, payloads and results from the action definitions themselves.
 */
import type { MemberCardView, Page, CouponView, StaffMemberView } from '@contracts/api';
import type { ErrorCode } from '@contracts/errors';
import type { callCloud } from '@/services/cloud';
import type { CloudError } from '@/services/errors';

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
const assertType = <T extends true>(): T => true as T;

declare const call: typeof callCloud;

// Results are derived, not named at the call.
assertType<Equal<Awaited<ReturnType<typeof call<'member', 'getCard'>>>, MemberCardView>>();
assertType<Equal<Awaited<ReturnType<typeof call<'points', 'listMyCoupons'>>>, Page<CouponView>>>();
assertType<Equal<Awaited<ReturnType<typeof call<'staff', 'getMember'>>>, StaffMemberView>>();

export async function calls(): Promise<void> {
  const card = await call('member', 'getCard');
  card.memberNo.toUpperCase();
  await call('points', 'listMovements');
  await call('points', 'listMovements', { page: 2, pageSize: 20 });
  await call('staff', 'overrideTier', { memberNo: 'FP00000001', tier: 'core', until: '2027-01-31', reason: '签约', requestId: 'r12345678' });

  // @ts-expect-error a misspelt action
  await call('member', 'getCrad');
  // @ts-expect-error an unknown function
  await call('members', 'getCard');
  // @ts-expect-error an action of another function
  await call('member', 'adjustPoints', { memberNo: 'FP00000001', delta: 1, reason: '补偿', requestId: 'r12345678' });
  // @ts-expect-error a required payload left out
  await call('staff', 'getMember');
  // @ts-expect-error a payload field of the wrong type
  await call('staff', 'adjustPoints', { memberNo: 'FP00000001', delta: '1', reason: '补偿', requestId: 'r12345678' });
  // @ts-expect-error a tier that does not exist
  await call('staff', 'overrideTier', { memberNo: 'FP00000001', tier: 'gold', until: '2027-01-31', reason: '签约', requestId: 'r12345678' });
  // @ts-expect-error a field the action does not take
  await call('points', 'listMovements', { page: 0, openid: 'o-bob' });
  // @ts-expect-error a payload for an action that takes none
  await call('member', 'getCard', { memberNo: 'FP00000001' });
  // @ts-expect-error the result is not something else
  const wrong: StaffMemberView = await call('member', 'getCard');
  void wrong;
}

export function codes(e: CloudError): boolean {
  const code: ErrorCode = e.code;
  // @ts-expect-error a code the registry does not have
  return code === 'POINTS.INSUFFICIENT' || e.code === 'POINTS.INSUFFICIENT_BALANCE';
}
