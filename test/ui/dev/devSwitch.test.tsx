import { act, fireEvent, render, screen } from '@testing-library/react';
import type { DemoIdentityView } from '@contracts/api';
import CardPage from '@/pages/card/index';
import { cardFixture, codeFixture, coreCard } from '../fixtures';
import { installFakeServer, ok, fail } from '../fakeServer';

const identities: DemoIdentityView[] = [
  { openid: 'demo-basic', label: '陈阿姨（基础会员）', role: 'customer', tier: 'basic', kind: 'household' },
  { openid: 'demo-core', label: '张姐（核心会员·团长）', role: 'customer', tier: 'core', kind: 'group_leader' },
  { openid: 'demo-staff', label: '小李（店员）', role: 'staff', tier: null, kind: null },
];

async function settle(): Promise<void> {
  await act(async () => {
    await new Promise((r) => setTimeout(r, 0));
  });
}

function server() {
  return installFakeServer(
    {
      'member.getCard': ({ openid }) =>
        openid === 'demo-core' ? ok(coreCard()) : openid === 'demo-basic' ? ok(cardFixture()) : fail('MEMBER.NOT_FOUND', '不是会员'),
      'member.getCode': () => ok(codeFixture('tok')),
      'member.whoami': ({ openid }) =>
        ok({ role: openid === 'demo-staff' ? 'staff' : 'customer', displayName: 'x', memberNo: null }),
    },
    identities,
  );
}

describe('H5 dev switch', () => {
  it('acts as the first demo identity on a first visit, from the very first call', async () => {
    const s = server();
    render(<CardPage />);
    await settle();
    await settle();
    expect(screen.getByRole('button', { name: '演示身份：陈阿姨（基础会员）' })).toBeTruthy();
    expect(window.localStorage.getItem('freshpal.dev.openid')).toBe('demo-basic');
    const cloudCalls = s.calls.filter((c) => c.route.startsWith('member.'));
    expect(cloudCalls.map((c) => c.openid)).toEqual(cloudCalls.map(() => 'demo-basic'));
    expect(s.count('member.getCard')).toBe(1);
    expect(screen.getByText('潜力会员')).toBeTruthy();
  });

  it('switches identity and reloads the page data', async () => {
    window.localStorage.setItem('freshpal.dev.openid', 'demo-basic');
    const s = server();
    render(<CardPage />);
    await settle();
    expect(screen.getByText('陈阿姨')).toBeTruthy();

    fireEvent.click(screen.getByRole('button', { name: '演示身份：陈阿姨（基础会员）' }));
    expect(screen.getByText('小李（店员）')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: '张姐（核心会员·团长），顾客' }));
    await settle();

    expect(window.localStorage.getItem('freshpal.dev.openid')).toBe('demo-core');
    expect(s.last('member.getCard')?.openid).toBe('demo-core');
    expect(s.last('member.getCode')?.openid).toBe('demo-core');
    expect(screen.getByText('张姐')).toBeTruthy();
    expect(screen.getByText('核心会员')).toBeTruthy();
    // Choosing closes the sheet back to the small handle, which names the new identity.
    expect(screen.getByRole('button', { name: '演示身份：张姐（核心会员·团长）' }).textContent).toBe('身份');
    expect(screen.queryByText('小李（店员）')).toBeNull();
  });

  it('says when the local server has no identities endpoint', async () => {
    installFakeServer({ 'member.getCard': () => ok(cardFixture()), 'member.getCode': () => ok(codeFixture('tok')) });
    const answer = (window.fetch as jest.Mock).getMockImplementation()!;
    (window.fetch as jest.Mock).mockImplementation((url: string, init?: RequestInit) =>
      url === '/dev/identities' ? Promise.reject(new TypeError('Failed to fetch')) : answer(url, init),
    );
    render(<CardPage />);
    await settle();
    fireEvent.click(screen.getByRole('button', { name: '演示身份：未选择' }));
    expect(screen.getByText('网络异常，请检查网络后重试')).toBeTruthy();
    expect(screen.getByText('潜力会员')).toBeTruthy();
  });

  it('is a small handle that opens a sheet, closed by its button, Escape or the keyboard alone', async () => {
    window.localStorage.setItem('freshpal.dev.openid', 'demo-basic');
    server();
    render(<CardPage />);
    await settle();
    const handle = screen.getByRole('button', { name: '演示身份：陈阿姨（基础会员）' });
    // Collapsed: one short word, no list in the page.
    expect(handle.textContent).toBe('身份');
    expect(handle.getAttribute('tabindex')).toBe('0');
    expect(screen.queryByRole('dialog')).toBeNull();

    fireEvent.keyDown(handle, { key: 'Enter' });
    const sheet = screen.getByRole('dialog', { name: '演示身份' });
    expect(sheet.textContent).toContain('演示身份：陈阿姨（基础会员）');
    expect(screen.getByRole('button', { name: '陈阿姨（基础会员），顾客' }).getAttribute('aria-pressed')).toBe('true');
    fireEvent.click(screen.getByRole('button', { name: '关闭演示身份' }));
    expect(screen.queryByRole('dialog')).toBeNull();

    fireEvent.keyDown(screen.getByRole('button', { name: '演示身份：陈阿姨（基础会员）' }), { key: ' ' });
    fireEvent.keyDown(screen.getByRole('dialog'), { key: 'Escape' });
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(window.localStorage.getItem('freshpal.dev.openid')).toBe('demo-basic');
  });
});
