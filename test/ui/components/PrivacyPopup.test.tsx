/**
 * The privacy-guide popup on the pages that call a privacy API. WeChat holds such a call until the
 * open page answers through `wx.onNeedPrivacyAuthorization`; PageShell renders the popup on every
 * page, so each of these pages shows it exactly once when the hook fires, and its answer reaches
 * WeChat. On the complaint form the whole flow runs: 添加照片 → WeChat holds chooseMedia → 同意 →
 * the photo is picked and uploads; 不同意 → the call fails and the form says so.
 */
import type { ComponentType } from 'react';
import { chooseMedia } from '@tarojs/taro';
import { act, fireEvent, render, screen, within } from '@testing-library/react';
import { installPrivacyPrompt, privacyPrompt, type PrivacyResolve } from '@/components/PrivacyPopup/prompt';
import CardPage from '@/pages/card/index';
import NewCasePage from '@/packages/service/pages/new/index';
import CasePage from '@/packages/service/pages/case/index';
import PolicyPage from '@/packages/privacy/pages/policy/index';
import CounterPage from '@/staff/pages/counter/index';
import StaffHomePage from '@/staff/pages/home/index';
import KpiPage from '@/staff/pages/kpi/index';
import { uploadPhoto } from '@/services/upload';
import { installFakeServer } from '../fakeServer';
import { setRouterParams } from '../pageHooks';

jest.mock('@/services/upload', () => ({ uploadPhoto: jest.fn() }));
// chooseMedia is a named export only in the H5 runtime: answered by a mock, the rest is the real module.
jest.mock('@tarojs/taro', () => {
  const mocks: Record<string, unknown> = { chooseMedia: jest.fn() };
  let real: Record<string | symbol, unknown> | null = null;
  const actual = () => (real ??= jest.requireActual<Record<string | symbol, unknown>>('@tarojs/taro'));
  return new Proxy({}, { get: (_target, key) => (key === '__esModule' ? true : typeof key === 'string' && key in mocks ? mocks[key] : actual()[key]) });
});
const choose = chooseMedia as unknown as jest.Mock;
const upload = uploadPhoto as jest.MockedFunction<typeof uploadPhoto>;

/** WeChat's side of the flow: the callback the app registered with `wx.onNeedPrivacyAuthorization`. */
let wechatAsks: (resolve: PrivacyResolve) => void = () => {
  throw new Error('the app registered no privacy hook');
};

beforeAll(() => {
  const env = process.env.TARO_ENV;
  (globalThis as { wx?: unknown }).wx = { onNeedPrivacyAuthorization: (cb: typeof wechatAsks) => (wechatAsks = cb) };
  process.env.TARO_ENV = 'weapp';
  try {
    expect(installPrivacyPrompt()).toBe(true);
  } finally {
    process.env.TARO_ENV = env;
    delete (globalThis as { wx?: unknown }).wx;
  }
});

beforeEach(() => {
  window.localStorage.setItem('freshpal.dev.openid', 'demo-basic');
  // Every route unanswered: the pages show their error states, the frame (and its popup) stays.
  installFakeServer({});
});
afterEach(() => {
  privacyPrompt.disagree();
  setRouterParams({});
  jest.clearAllMocks();
});

async function settle(times = 3): Promise<void> {
  for (let i = 0; i < times; i++) {
    await act(async () => {
      await new Promise((r) => setTimeout(r, 0));
    });
  }
}

const popups = () => screen.queryAllByRole('dialog', { name: '用户隐私保护提示' });

/** What chooseMedia does in weapp before consent: WeChat asks, then the call goes on or fails. */
function chooseMediaHeldByWeChat(): void {
  choose.mockImplementation(
    () =>
      new Promise((resolve, reject) =>
        wechatAsks((answer) => {
          if (answer.event === 'agree') resolve({ tempFiles: [{ tempFilePath: 'wxfile://tmp/leaves.jpg', size: 1000, fileType: 'image' }], type: 'image', errMsg: 'chooseMedia:ok' });
          else reject({ errMsg: 'chooseMedia:fail privacy permission is not authorized' });
        }),
      ),
  );
}

describe('提交反馈: the photo picker waits for consent', () => {
  it('添加照片 shows the popup; 同意 lets WeChat go on and the photo uploads', async () => {
    chooseMediaHeldByWeChat();
    upload.mockResolvedValue('cloud://local/feedback/0123456789abcdef0123456789abcdef/AAAAAAAAAAAAAAAA.jpg');
    render(<NewCasePage />);
    await settle();
    expect(popups()).toHaveLength(0);
    fireEvent.click(screen.getByRole('button', { name: /^添加照片/ }));
    await settle();
    const [dialog] = popups();
    expect(popups()).toHaveLength(1);
    expect(upload).not.toHaveBeenCalled();
    fireEvent.click(within(dialog as HTMLElement).getByText('同意'));
    await settle();
    expect(popups()).toHaveLength(0);
    expect(upload).toHaveBeenCalledWith('wxfile://tmp/leaves.jpg');
    expect(screen.getByRole('button', { name: '删除第 1 张照片' })).toBeTruthy();
  });

  it('不同意 lets the call fail: no photo, and the form says why it could not pick one', async () => {
    chooseMediaHeldByWeChat();
    render(<NewCasePage />);
    await settle();
    fireEvent.click(screen.getByRole('button', { name: /^添加照片/ }));
    await settle();
    fireEvent.click(within(popups()[0] as HTMLElement).getByText('不同意'));
    await settle();
    expect(popups()).toHaveLength(0);
    expect(upload).not.toHaveBeenCalled();
    expect(screen.getByRole('alert').textContent).toContain('无法选择照片');
  });
});

// Each page that calls a privacy API: photos (the complaint form, a case's follow-up), the clipboard
// (KPI export, 我的数据 export), the code scanner (counter, staff home), and the card.
const PAGES: Array<[string, ComponentType, Record<string, string>]> = [
  ['提交反馈 (photos)', NewCasePage, {}],
  ['一个反馈 (photos in a follow-up)', CasePage, { id: 'CASE1' }],
  ['门店收银 (scan)', CounterPage, {}],
  ['员工工作台 (scan)', StaffHomePage, {}],
  ['经营指标 (clipboard export)', KpiPage, {}],
  ['隐私政策 (clipboard export)', PolicyPage, {}],
  ['会员卡', CardPage, {}],
];

describe.each(PAGES)('%s', (_name, Page, params) => {
  it('shows the popup once when WeChat asks, and answers WeChat with the tap', async () => {
    setRouterParams(params);
    render(<Page />);
    await settle();
    expect(popups()).toHaveLength(0);
    const answer = jest.fn();
    act(() => wechatAsks(answer));
    expect(popups()).toHaveLength(1);
    expect(screen.getByText('《鲜友会隐私保护指引》')).toBeTruthy();
    fireEvent.click(within(popups()[0] as HTMLElement).getByText('同意'));
    expect(answer).toHaveBeenCalledWith({ event: 'agree', buttonId: 'privacy-agree' });
    expect(popups()).toHaveLength(0);
    await settle();
  });
});
