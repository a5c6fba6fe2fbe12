// The staff member page from the staff subpackage, compiled: card, forms (Input, Textarea, Picker) and records.
import fs from 'fs';
import path from 'path';
import type { StaffMemberView } from '@contracts/api';
import { DIST } from './distPath';
import { callsTo, onCloud, openPage, waitForText } from './harness';

const ok = <T>(data: T) => ({ ok: true as const, data });

const member: StaffMemberView = {
  memberNo: 'FP00000005',
  displayName: '张姐',
  kind: 'group_leader',
  region: '普陀区',
  phone: '13800000005',
  joinedAt: Date.UTC(2023, 10, 6),
  card: {
    memberNo: 'FP00000005',
    displayName: '张姐',
    kind: 'group_leader',
    tier: {
      id: 'core',
      name: '核心',
      benefits: { discountBp: 500, pointsMultiplierPct: 150, priorityDelivery: true, dedicatedContact: false, perks: [] },
      source: 'rules',
      overrideUntil: null,
    },
    points: { available: 242864, pending: 0, owed: 0, expiringSoon: null },
    metrics: { annualSpendFen: 8752039, tenureDays: 1114, activeMonths: 10, repeatPurchases: 198 },
    progress: { next: { id: 'strategic', name: '战略' }, gaps: { spendFen: 41247961 } },
    downgradeWarning: { reviewOn: '2026-12-01', to: { id: 'potential', name: '潜力' }, keep: { spendFen: 1247961 } },
    contact: null,
  },
  tiers: [
    { id: 'basic', name: '基础' },
    { id: 'potential', name: '潜力' },
    { id: 'core', name: '核心' },
    { id: 'strategic', name: '战略' },
  ],
  tierOverride: null,
};

describe('compiled weapp staff member page (dist/)', () => {
  beforeAll(() => {
    onCloud('staff.getMember', () => ok(member));
    onCloud('staff.getTierHistory', () => ok({ items: [], page: 0, pageSize: 10, hasMore: false }));
    onCloud('staff.getLedger', () => ok({ items: [], page: 0, pageSize: 20, hasMore: false }));
    onCloud('staff.getAuditTrail', () => ok({ items: [], page: 0, pageSize: 10, hasMore: false }));
  });

  it('renders the member, both forms and the records', async () => {
    const page = openPage('staff/pages/member/index', { memberNo: 'FP00000005' });
    const text = await waitForText(page, (t) => t.includes('242,864') && t.includes('暂无操作记录'));
    expect(callsTo('staff.getMember')[0]).toEqual({ name: 'staff', action: 'getMember', payload: { memberNo: 'FP00000005' } });
    expect(text).toContain('张姐');
    expect(text).toContain('核心会员');
    expect(text).toContain('会员号 FP00000005 · 社区团长 · 普陀区');
    expect(text).toContain('下次评审（2026年12月1日）前再消费 ¥12,480 即可保持核心会员，否则将调整为潜力会员');
    expect(text).toContain('调整积分');
    expect(text).toContain('人工调整等级');
    expect(text).toContain('战略会员');
    expect(text).toContain('请选择截止日期');
    expect(text).toContain('暂无等级变动');
    expect(text).toContain('暂无积分记录');
    // The form controls are the native components.
    expect(page.dom.querySelectorAll('wx-input').length + page.dom.querySelectorAll('input').length).toBeGreaterThan(0);
    expect(page.dom.querySelectorAll('*').length).toBeLessThan(1000);
    // Tappable's role and name reach the rendered weapp page: the view template binds aria-role and
    // aria-label to node fields (dist/base.wxml), and the page data carries the names in those fields.
    // (The simulator's DOM shows only class and style, so the data the template renders is checked.)
    const wxml = fs.readFileSync(path.join(DIST, 'base.wxml'), 'utf8');
    const view = /<view [^>]*bindtap="eh"[^>]*>/.exec(wxml)?.[0] ?? '';
    const roleKey = /aria-role="\{\{i\.(p\d+)\}\}"/.exec(view)?.[1];
    const labelKey = /aria-label="\{\{i\.(p\d+)\}\}"/.exec(view)?.[1];
    expect(roleKey && labelKey).toBeTruthy();
    const labelled: { role: unknown; label: unknown }[] = [];
    const walk = (node: unknown): void => {
      if (!node || typeof node !== 'object') return;
      const n = node as Record<string, unknown>;
      if (typeof n[labelKey!] === 'string') labelled.push({ role: n[roleKey!], label: n[labelKey!] });
      for (const value of Object.values(n)) if (value && typeof value === 'object') walk(value);
    };
    walk((page as unknown as { instance: { data: unknown } }).instance.data);
    expect(labelled).toEqual(
      expect.arrayContaining([
        { role: 'button', label: '提交积分调整' },
        { role: 'button', label: '提交等级调整' },
        { role: 'button', label: '加' },
        { role: 'button', label: '减' },
      ]),
    );
    page.detach();
  });
});
