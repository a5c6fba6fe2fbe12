/**
 * Privacy and referrals in the app: the privacy-guide popup's logic (WeChat's pending request held,
 * answered once by 同意/不同意), the 隐私政策 page with 我的数据 (export as a file, 注销 with the server's
 * confirmation), the 完善资料 form (validation before sending, consent required, H5's consent page
 * first), and the card's referral panel (a shared link's token accepted, 「由 XX 邀请」 shown).
 */
import Taro from '@tarojs/taro';
import { act, fireEvent, render, screen, waitFor } from '@testing-library/react';
import type { ApiResult } from '@contracts/apiMap';
import { PRIVACY_POLICY_VERSION } from '@contracts/privacy';
import CardPage from '@/pages/card/index';
import { PrivacyPopup } from '@/components/PrivacyPopup';
import { AGREE_BUTTON_ID, createPrivacyPrompt, installPrivacyPrompt, localConsent, privacyPrompt } from '@/components/PrivacyPopup/prompt';
import ConsentPage from '@/packages/privacy/pages/consent/index';
import PolicyPage from '@/packages/privacy/pages/policy/index';
import ProfilePage, { checkProfile } from '@/packages/privacy/pages/profile/index';
import { cardFixture, codeFixture, customerMe } from '../fixtures';
import { installFakeServer, ok, fail } from '../fakeServer';
import { setRouterParams } from '../pageHooks';

type ExportView = ApiResult<'member', 'exportMyData'>;
type ReferralView = ApiResult<'member', 'getReferral'>;

async function settle(): Promise<void> {
  await act(async () => {
    await new Promise((r) => setTimeout(r, 0));
  });
}

/** Types into the TextField named `label` (Taro's H5 inputs render their inner element a frame later). */
async function type(label: string, text: string): Promise<void> {
  const host = screen.getByLabelText(label);
  const inner = await waitFor(() => {
    const el = host.querySelector('textarea, input') ?? (host.matches('textarea, input') ? host : null);
    if (!el) throw new Error(`${label}: not rendered yet`);
    return el;
  });
  fireEvent.input(inner, { target: { value: text } });
}

let redirectTo: jest.SpyInstance;
let navigateTo: jest.SpyInstance;
beforeEach(() => {
  window.localStorage.clear();
  setRouterParams({});
  redirectTo = jest.spyOn(Taro, 'redirectTo').mockResolvedValue({ errMsg: 'ok' } as never);
  navigateTo = jest.spyOn(Taro, 'navigateTo').mockResolvedValue({ errMsg: 'ok' } as never);
});
afterEach(() => jest.restoreAllMocks());

describe('the privacy-guide prompt', () => {
  it('holds WeChat’s request until 同意, then answers it once with the agree button’s id', () => {
    const prompt = createPrivacyPrompt();
    const seen: boolean[] = [];
    prompt.subscribe((p) => seen.push(p));
    const resolve = jest.fn();
    prompt.need(resolve);
    expect(prompt.isPending()).toBe(true);
    prompt.agree();
    prompt.agree();
    expect(resolve).toHaveBeenCalledTimes(1);
    expect(resolve).toHaveBeenCalledWith({ event: 'agree', buttonId: AGREE_BUTTON_ID });
    expect(prompt.isPending()).toBe(false);
    expect(seen).toEqual([true, false, false]);
  });

  it('不同意 lets the waiting call fail; a newer request refuses the older one', () => {
    const prompt = createPrivacyPrompt();
    const first = jest.fn();
    const second = jest.fn();
    prompt.need(first);
    prompt.need(second);
    expect(first).toHaveBeenCalledWith({ event: 'disagree' });
    prompt.disagree();
    expect(second).toHaveBeenCalledWith({ event: 'disagree' });
    expect(prompt.isPending()).toBe(false);
  });

  it('registers with wx.onNeedPrivacyAuthorization in weapp only', () => {
    const onNeed = jest.fn();
    (globalThis as { wx?: unknown }).wx = { onNeedPrivacyAuthorization: onNeed };
    const env = process.env.TARO_ENV;
    try {
      expect(installPrivacyPrompt()).toBe(false); // H5: no such hook
      expect(onNeed).not.toHaveBeenCalled();
      process.env.TARO_ENV = 'weapp';
      expect(installPrivacyPrompt()).toBe(true);
      const resolve = jest.fn();
      (onNeed.mock.calls[0] as [(r: typeof resolve) => void])[0](resolve);
      expect(privacyPrompt.isPending()).toBe(true);
      privacyPrompt.disagree();
      expect(resolve).toHaveBeenCalledWith({ event: 'disagree' });
    } finally {
      process.env.TARO_ENV = env;
      delete (globalThis as { wx?: unknown }).wx;
    }
  });

  it('the popup shows only while a request waits, and its buttons answer it', async () => {
    const prompt = createPrivacyPrompt();
    render(<PrivacyPopup prompt={prompt} />);
    expect(screen.queryByRole('dialog')).toBeNull();
    const resolve = jest.fn();
    act(() => prompt.need(resolve));
    expect(screen.getByRole('dialog', { name: '用户隐私保护提示' })).toBeTruthy();
    expect(screen.getByText('《鲜友会隐私保护指引》')).toBeTruthy();
    fireEvent.click(screen.getByText('同意'));
    expect(resolve).toHaveBeenCalledWith({ event: 'agree', buttonId: AGREE_BUTTON_ID });
    expect(screen.queryByRole('dialog')).toBeNull();
    const again = jest.fn();
    act(() => prompt.need(again));
    fireEvent.click(screen.getByText('不同意'));
    expect(again).toHaveBeenCalledWith({ event: 'disagree' });
    await settle();
  });
});

const exportFixture = (): ExportView =>
  ({
    format: 'freshpal-export/1',
    generatedAt: Date.parse('2026-12-02T10:00:00+08:00'),
    policyVersion: PRIVACY_POLICY_VERSION,
    profile: { memberNo: 'FP000123', displayName: '陈阿姨' },
    points: { account: null, movements: [] },
    orders: [],
    coupons: [],
    complaints: [],
    surveys: [],
    tierHistory: [],
    staffRecords: { card: null, notes: [], contacts: [] },
    truncated: {},
  }) as ExportView;

describe('隐私政策 and 我的数据', () => {
  it('says what is collected, why, how long, who sees it, the rights and the contact', async () => {
    installFakeServer({});
    render(<PolicyPage />);
    for (const title of ['我们收集哪些信息', '为什么收集', '保存多久', '谁能看到', '您的权利', '联系我们']) expect(screen.getByText(title)).toBeTruthy();
    const text = document.body.textContent ?? '';
    for (const item of ['OPENID', '姓名和手机号', '订单', '积分', '投诉', '照片', '员工记录', '导出', '注销']) expect(text).toContain(item);
    expect(text).toContain(`版本 ${PRIVACY_POLICY_VERSION}`);
    await settle();
  });

  it('导出我的数据 downloads the server’s JSON as a file named by member and day', async () => {
    const server = installFakeServer({ 'member.exportMyData': () => ok(exportFixture()) });
    const created: Blob[] = [];
    (URL as unknown as { createObjectURL: unknown }).createObjectURL = jest.fn((b: Blob) => {
      created.push(b);
      return 'blob:x';
    });
    (URL as unknown as { revokeObjectURL: unknown }).revokeObjectURL = jest.fn();
    const clicked: string[] = [];
    jest.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      clicked.push(this.download);
    });
    render(<PolicyPage />);
    fireEvent.click(screen.getByText('导出我的数据'));
    await settle();
    await settle();
    expect(server.count('member.exportMyData')).toBe(1);
    expect(clicked).toEqual(['freshpal-data-FP000123-2026-12-02.json']);
    const text = await new Promise<string>((resolve) => {
      const reader = new FileReader();
      reader.onload = () => resolve(String(reader.result));
      reader.readAsText(created[0] as Blob);
    });
    expect(JSON.parse(text)).toMatchObject({ profile: { memberNo: 'FP000123' } });
    expect(screen.getByRole('status').textContent).toBe('已下载 freshpal-data-FP000123-2026-12-02.json');
  });

  it('注销 asks the server, shows what is erased and kept, and erases only after 确认注销', async () => {
    localConsent.record(1);
    const server = installFakeServer({
      'member.requestDeletion': ({ payload }) =>
        (payload as { confirmToken?: string }).confirmToken === 'E1.tok'
          ? ok({ state: 'erased', erasedAt: 2 })
          : ok({ state: 'confirm', confirmToken: 'E1.tok', expiresAt: 3, erases: ['姓名、手机号、地区'], keeps: ['订单与积分流水（已匿名）'], openOrders: 0 }),
    });
    render(<PolicyPage />);
    fireEvent.click(screen.getByText('注销账户并删除个人信息'));
    await settle();
    const dialog = screen.getByRole('dialog', { name: '确认注销账户' });
    expect(dialog.textContent).toContain('将删除：姓名、手机号、地区');
    expect(dialog.textContent).toContain('将保留：订单与积分流水（已匿名）');
    expect(server.payloads('member.requestDeletion')).toEqual([{}]);
    fireEvent.click(screen.getByText('确认注销'));
    await settle();
    expect(server.payloads('member.requestDeletion')).toEqual([{}, { confirmToken: 'E1.tok' }]);
    expect(screen.getByRole('status').textContent).toContain('账户已注销');
    expect(localConsent.current()).toBeNull();
  });

  it('注销 with open orders says so and sends no confirmation; 取消 sends nothing either', async () => {
    const server = installFakeServer({
      'member.requestDeletion': () => ok({ state: 'confirm', confirmToken: 'E1.tok', expiresAt: 3, erases: [], keeps: [], openOrders: 2 }),
    });
    render(<PolicyPage />);
    fireEvent.click(screen.getByText('注销账户并删除个人信息'));
    await settle();
    expect(screen.getByRole('dialog').textContent).toContain('您还有 2 笔未完成的订单');
    fireEvent.click(screen.getByText('我知道了'));
    await settle();
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(server.payloads('member.requestDeletion')).toEqual([{}]);
  });

  it('shows the server’s refusal', async () => {
    installFakeServer({ 'member.exportMyData': () => fail('MEMBER.NOT_FOUND', '会员不存在') });
    render(<PolicyPage />);
    fireEvent.click(screen.getByText('导出我的数据'));
    await settle();
    expect(screen.getByRole('status').textContent).toBe('会员不存在');
  });
});

describe('完善资料', () => {
  it('checks the fields as the server does', () => {
    expect(checkProfile('陈阿姨', '13912345678', true)).toBeNull();
    expect(checkProfile('一'.repeat(20), '13912345678', true)).toBeNull();
    expect(checkProfile('  ', '13912345678', true)).toMatchObject({ name: '请填写姓名' });
    expect(checkProfile('一'.repeat(21), '13912345678', true)).toMatchObject({ name: '姓名最多 20 个字' });
    expect(checkProfile('陈', '1391234567', true)).toMatchObject({ phone: expect.stringContaining('11 位') });
    expect(checkProfile('陈', '23912345678', true)).toMatchObject({ phone: expect.stringContaining('11 位') });
    expect(checkProfile('陈', '13912345678', false)).toMatchObject({ consent: '请先阅读并同意隐私政策' });
  });

  it('in H5 opens the consent page first when this device has not agreed', async () => {
    const server = installFakeServer({});
    render(<ProfilePage />);
    await settle();
    expect(redirectTo).toHaveBeenCalledWith({ url: '/packages/privacy/pages/consent/index?next=profile' });
    expect(server.calls.filter((c) => c.route.startsWith('member.'))).toEqual([]);
  });

  it('sends nothing until the form is valid and consent is given, then saves with the policy version', async () => {
    localConsent.record(1);
    const server = installFakeServer({
      'member.getProfile': () => ok({ displayName: '鲜友0123', phone: null, consent: null, currentVersion: PRIVACY_POLICY_VERSION }),
      'member.updateProfile': ({ payload }) => ok({ ...(payload as object), displayName: '陈阿姨', consent: { version: PRIVACY_POLICY_VERSION, at: 1 }, currentVersion: PRIVACY_POLICY_VERSION }),
    });
    render(<ProfilePage />);
    await settle();
    fireEvent.click(screen.getByText('保存'));
    await settle();
    expect(screen.getByText('请填写姓名')).toBeTruthy();
    expect(screen.getByText('请先阅读并同意隐私政策')).toBeTruthy();
    await type('姓名', ' 陈阿姨 ');
    await type('手机号', '13912345678');
    fireEvent.click(screen.getByText('保存'));
    await settle();
    expect(server.count('member.updateProfile')).toBe(0);
    fireEvent.click(screen.getByRole('button', { name: '我已阅读并同意隐私政策' }));
    fireEvent.click(screen.getByText('保存'));
    await settle();
    expect(server.payloads('member.updateProfile')).toEqual([{ name: '陈阿姨', phone: '13912345678', consentVersion: PRIVACY_POLICY_VERSION }]);
    expect(screen.getByRole('status').textContent).toBe('已保存');
  });

  it('the consent page records agreement on the device and goes on to the form', async () => {
    setRouterParams({ next: 'profile' });
    render(<ConsentPage />);
    expect(document.body.textContent).toContain('我们收集哪些信息');
    expect(localConsent.current()).toBeNull();
    fireEvent.click(screen.getByText('同意并继续'));
    expect(localConsent.current()).toMatchObject({ version: PRIVACY_POLICY_VERSION });
    expect(redirectTo).toHaveBeenCalledWith({ url: '/packages/privacy/pages/profile/index' });
    await settle();
  });
});

describe('the card’s referral panel', () => {
  const referral = (over: Partial<ReferralView> = {}): ReferralView => ({ enabled: true, rewardPoints: 200, sharePath: '/pages/card/index?ref=R1.FP000123.sig', shareTitle: '陈阿姨 邀请你加入鲜友会', invitedBy: null, ...over });

  it('accepts a shared link’s token once, then shows who invited the member', async () => {
    setRouterParams({ ref: encodeURIComponent('R1.FP000001.sig') });
    const server = installFakeServer({
      'member.getCard': () => ok(cardFixture()),
      'member.getCode': () => ok(codeFixture('tok-1')),
      'member.whoami': () => ok(customerMe),
      'member.acceptReferral': () => ok({ bound: true, referrerName: '张姐' }),
      'member.getReferral': () => ok(referral({ invitedBy: { name: '张姐', at: 1 } })),
    });
    render(<CardPage />);
    await settle();
    await settle();
    expect(server.payloads('member.acceptReferral')).toEqual([{ token: 'R1.FP000001.sig' }]);
    expect(screen.getByText('由 张姐 邀请')).toBeTruthy();
    expect(screen.getByText('邀请好友成为会员，好友首单完成后您得 200 积分')).toBeTruthy();
    fireEvent.click(screen.getByRole('link', { name: '完善资料：姓名和手机号' }));
    expect(navigateTo).toHaveBeenCalledWith({ url: '/packages/privacy/pages/profile/index' });
    fireEvent.click(screen.getByRole('link', { name: '隐私政策与我的数据' }));
    expect(navigateTo).toHaveBeenCalledWith({ url: '/packages/privacy/pages/policy/index' });
  });

  it('without a token accepts nothing, and a failing referral call leaves the card as it was', async () => {
    const server = installFakeServer({
      'member.getCard': () => ok(cardFixture()),
      'member.getCode': () => ok(codeFixture('tok-1')),
      'member.whoami': () => ok(customerMe),
      'member.getReferral': () => fail('SYSTEM.INTERNAL', '系统繁忙'),
    });
    render(<CardPage />);
    await settle();
    await settle();
    expect(server.count('member.acceptReferral')).toBe(0);
    expect(screen.getByText('陈阿姨')).toBeTruthy();
    expect(screen.queryByText(/邀请/)).toBeNull();
  });
});
