/**
 * The compiled privacy subpackage and the card's referral wiring in the weapp build: the 隐私政策 page
 * renders from its own subpackage, the card page's 转发 carries the member's own token, and a card opened from a shared link
 * (`?ref=`) sends its token to member.acceptReferral and shows 「由 XX 邀请」.
 */
import fs from 'fs';
import type { MemberCardView } from '@contracts/api';
import path from 'path';
import { DIST, requireDist } from './distPath';
import { callsTo, onCloud, openPage, waitForText } from './harness';

const ok = <T>(data: T) => ({ ok: true as const, data });

const card: MemberCardView = {
  memberNo: 'FP00000009',
  displayName: '小王',
  kind: 'household',
  tier: { id: 'basic', name: '基础会员', benefits: { discountBp: 0, pointsMultiplierPct: 100, priorityDelivery: false, dedicatedContact: false, perks: [] }, source: 'rules', overrideUntil: null },
  points: { available: 0, pending: 0, owed: 0, expiringSoon: null },
  metrics: { annualSpendFen: 0, tenureDays: 0, activeMonths: 0, repeatPurchases: 0 },
  progress: null,
  downgradeWarning: null,
  contact: null,
};

describe('compiled weapp: privacy and referrals', () => {
  it('the privacy pages are in their own subpackage', () => {
    requireDist();
    for (const page of ['policy', 'profile', 'consent']) expect(fs.existsSync(path.join(DIST, `packages/privacy/pages/${page}/index.js`))).toBe(true);
  });

  it('renders the 隐私政策 page with 我的数据', async () => {
    const page = openPage('packages/privacy/pages/policy/index');
    const text = await waitForText(page, (t) => t.includes('我们收集哪些信息'));
    for (const part of ['OPENID', '保存多久', '谁能看到', '联系我们', '导出我的数据', '注销账户并删除个人信息']) expect(text).toContain(part);
    page.detach();
  });

  it('a card opened from a shared link accepts the token and shows who invited the member', async () => {
    onCloud('member.getCard', () => ok(card));
    onCloud('member.getCode', () => ok({ token: 'weapp-token', ttlSeconds: 60, expiresAt: Date.now() + 60_000 }));
    onCloud('member.whoami', () => ok({ role: 'customer', displayName: '小王', memberNo: 'FP00000009' }));
    onCloud('member.acceptReferral', () => ok({ bound: true, referrerName: '张姐' }));
    onCloud('member.getReferral', () => ok({ enabled: true, rewardPoints: 200, sharePath: '/pages/card/index?ref=R1.FP00000009.sig', shareTitle: '小王 邀请你加入鲜友会', invitedBy: { name: '张姐', at: 1 } }));
    const page = openPage('pages/card/index', { ref: encodeURIComponent('R1.FP00000001.sig') });
    const text = await waitForText(page, (t) => t.includes('由 张姐 邀请'));
    expect(text).toContain('分享会员卡给好友');
    expect(callsTo('member.acceptReferral').map((c) => c.payload)).toEqual([{ token: 'R1.FP00000001.sig' }]);
    // 转发 shares this member's own signed link.
    const share = ((page as unknown as { instance: unknown }).instance as { onShareAppMessage?: (o: unknown) => { title?: string; path?: string } }).onShareAppMessage?.({ from: 'menu' });
    expect(share).toMatchObject({ title: '小王 邀请你加入鲜友会', path: '/pages/card/index?ref=R1.FP00000009.sig' });
    page.detach();
  });
});
