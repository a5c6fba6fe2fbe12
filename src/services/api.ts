/** Typed calls to the cloud functions (wire types: cloudfunctions/contracts/api.ts). */
import type { DemoIdentityView, MemberCardView, MemberCodeView, WhoAmIView } from '@contracts/api';
import { callCloud, listLocalIdentities } from './cloud';

export function getCard(): Promise<MemberCardView> {
  return callCloud<MemberCardView>('member', 'getCard', {});
}

export function getMemberCode(): Promise<MemberCodeView> {
  return callCloud<MemberCodeView>('member', 'getCode', {});
}

export function whoAmI(): Promise<WhoAmIView> {
  return callCloud<WhoAmIView>('member', 'whoami', {});
}

/** Local mode only (H5 build): the demo identities the dev switch offers. Empty elsewhere. */
export function listDemoIdentities(): Promise<DemoIdentityView[]> {
  if (process.env.TARO_ENV === 'h5') return listLocalIdentities();
  return Promise.resolve([]);
}
