import type { MemberCardView } from '@contracts/api';
import { callsTo, cloudInit, onCloud, openPage, sleep, waitForText } from './harness';

const card: MemberCardView = {
  memberNo: 'FP000888',
  displayName: '张姐',
  kind: 'group_leader',
  tier: {
    id: 'core',
    name: '核心会员',
    benefits: { discountBp: 500, pointsMultiplierPct: 150, priorityDelivery: true, dedicatedContact: true, perks: [] },
    source: 'rules',
    overrideUntil: null,
  },
  points: { available: 86000, pending: 1200, owed: 0, expiringSoon: null },
  metrics: { annualSpendFen: 38766000, tenureDays: 700, activeMonths: 11, repeatPurchases: 40 },
  progress: { next: { id: 'strategic', name: '战略会员' }, gaps: { spendFen: 11234000, tenureDays: 395 } },
  downgradeWarning: null,
  contact: { name: '小李', phone: '13800000000' },
};

const ok = <T>(data: T) => ({ ok: true as const, data });

describe('compiled weapp card page (dist/)', () => {
  let tokens = 0;
  beforeAll(() => {
    onCloud('member.getCard', () => ok(card));
    onCloud('member.getCode', () => ok({ token: `weapp-token-${++tokens}`, ttlSeconds: 60, expiresAt: Date.now() + 60_000 }));
    onCloud('member.whoami', () => ok({ role: 'customer', displayName: '张姐', memberNo: 'FP000888' }));
  });

  it('renders the card from the cloud function envelopes', async () => {
    const page = openPage('pages/card/index');
    const text = await waitForText(page, (t) => t.includes('核心会员') && t.includes('秒后自动刷新'));

    expect(cloudInit).toHaveBeenCalledWith(expect.objectContaining({ env: expect.any(String) }));
    expect(callsTo('member.getCard')[0]).toEqual({ name: 'member', action: 'getCard', payload: {} });
    expect(text).toContain('张姐');
    expect(text).toContain('核心会员');
    expect(text).toContain('86,000');
    expect(text).toContain('待入账 1,200 积分');
    expect(text).toContain('会员价9.5折 · 1.5倍积分 · 优先配送 · 专属客户经理');
    expect(text).toContain('再消费 ¥112,340，合作满 3 年（还差 395 天），即可升级为战略会员');
    // No H5 dev switch in the mini-program.
    expect(text).not.toContain('演示身份');

    // The member code is one <image> with a GIF data URL, not a view per QR module.
    const images = page.dom.querySelectorAll('wx-image');
    expect(images).toHaveLength(1);
    const imageSrc = () => page.dom.querySelector('wx-image [data-src]')?.getAttribute('data-src') ?? '';
    const src = imageSrc();
    expect(String(src)).toMatch(/^data:image\/gif;base64,/);
    expect(page.dom.querySelectorAll('*').length).toBeLessThan(100);

    // Tapping 刷新 fetches a new code and the image changes.
    const before = String(src);
    const refresh = page.querySelector('.code-refresh');
    expect(refresh?.dom.textContent).toBe('刷新');
    refresh!.dispatchEvent('tap');
    const deadline = Date.now() + 3000;
    while (callsTo('member.getCode').length < 2 && Date.now() < deadline) await sleep(20);
    expect(callsTo('member.getCode').length).toBeGreaterThanOrEqual(2);
    await sleep(100);
    expect(imageSrc()).toMatch(/^data:image\/gif;base64,/);
    expect(imageSrc()).not.toBe(before);

    page.detach();
  });
});
