// A page's code runs once per mini-program runtime, so each scenario of the same page gets its own file.
import { onCloud, openPage, waitForText } from './harness';

describe('compiled weapp card page, failure path', () => {
  it('shows the error state from an { ok: false } envelope', async () => {
    onCloud('member.getCard', () => ({ ok: false, error: { code: 'SYSTEM.INTERNAL', message: '服务繁忙，请稍后再试' } }));
    const page = openPage('pages/card/index');
    const text = await waitForText(page, (t) => t.includes('会员卡加载失败'));
    expect(text).toContain('服务繁忙，请稍后再试');
    expect(text).toContain('重试');
    page.detach();
  });
});
