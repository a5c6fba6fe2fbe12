import { fireEvent, render, screen, within } from '@testing-library/react';
import Taro from '@tarojs/taro';
import { ConfirmDialog } from '@/components/ConfirmDialog';
import { DateText } from '@/components/DateText';
import { ListRow } from '@/components/ListRow';
import { PageShell } from '@/components/PageShell';
import { Remote } from '@/components/Remote';
import { SignedAmount } from '@/components/SignedAmount';
import { Tag } from '@/components/Tag';
import { Tappable } from '@/components/Tappable';
import type { Remote as RemoteValue } from '@/hooks/useRemote';

const NOW = Date.parse('2026-11-25T10:00:00+08:00');

function pages(...paths: string[]) {
  return jest.spyOn(Taro, 'getCurrentPages').mockReturnValue(paths.map((p) => ({ path: p })) as unknown as ReturnType<typeof Taro.getCurrentPages>);
}

afterEach(() => jest.restoreAllMocks());

describe('Tappable', () => {
  it('is a named button that works with a tap, Enter and Space, and does nothing when disabled', () => {
    const onPress = jest.fn();
    const { rerender } = render(<Tappable onPress={onPress} label='去兑换优惠券'>去兑换 ›</Tappable>);
    const button = screen.getByRole('button', { name: '去兑换优惠券' });
    expect(button.getAttribute('tabindex')).toBe('0');
    fireEvent.click(button);
    fireEvent.keyDown(button, { key: 'Enter' });
    fireEvent.keyDown(button, { key: ' ' });
    fireEvent.keyDown(button, { key: 'a' });
    expect(onPress).toHaveBeenCalledTimes(3);

    rerender(<Tappable onPress={onPress} disabled>去兑换</Tappable>);
    const disabled = screen.getByRole('button', { name: '去兑换' });
    expect(disabled.getAttribute('aria-disabled')).toBe('true');
    fireEvent.click(disabled);
    fireEvent.keyDown(disabled, { key: 'Enter' });
    expect(onPress).toHaveBeenCalledTimes(3);
  });
});

describe('PageShell', () => {
  it('shows the H5 title and 返回 when a page lies underneath', () => {
    pages('/pages/points/index', '/packages/coupons/pages/mine/index');
    const navigateBack = jest.spyOn(Taro, 'navigateBack').mockResolvedValue({ errMsg: 'ok' } as never);
    render(<PageShell title='我的优惠券'>内容</PageShell>);
    expect(screen.getByRole('heading', { name: '我的优惠券' })).toBeTruthy();
    fireEvent.keyDown(screen.getByRole('button', { name: '返回上一页' }), { key: 'Enter' });
    expect(navigateBack).toHaveBeenCalledWith({ delta: 1 });
  });

  it('offers 首页 on a sub-page opened directly, and nothing on a tab page', () => {
    pages('/staff/pages/member/index?memberNo=FP1');
    const switchTab = jest.spyOn(Taro, 'switchTab').mockResolvedValue({ errMsg: 'ok' } as never);
    const { unmount } = render(<PageShell title='会员详情'>内容</PageShell>);
    fireEvent.click(screen.getByRole('button', { name: '回到首页' }));
    expect(switchTab).toHaveBeenCalledWith({ url: '/pages/card/index' });
    unmount();

    pages('/pages/card/index');
    render(<PageShell title='会员卡'>内容</PageShell>);
    // The dev switch's handle is a button too; only the back control must be absent.
    expect(screen.queryByRole('button', { name: /返回|首页/ })).toBeNull();
    expect(screen.getByRole('heading', { name: '会员卡' })).toBeTruthy();
  });

  it('keeps rendering the H5 dev switch', () => {
    pages('/pages/card/index');
    const { container } = render(<PageShell>内容</PageShell>);
    expect(container.querySelector('.page .dev-switch')).not.toBeNull();
  });
});

describe('Remote', () => {
  const base = { reload: jest.fn() };
  function show(value: RemoteValue<string[]>, reload = base.reload, onAction = jest.fn()) {
    return render(
      <Remote
        value={{ ...value, reload }}
        loading={{ title: '陈阿姨' }}
        errorTitle='会员卡加载失败'
        isEmpty={(d) => d.length === 0}
        empty={{ title: '暂无优惠券', detail: '用积分兑换一张吧', action: { label: '去兑换', onPress: onAction } }}
      >
        {(data, refreshing) => <>{data.join('、') + (refreshing ? '（刷新中）' : '')}</>}
      </Remote>,
    );
  }

  it('shows a skeleton with what is already known while loading', () => {
    show({ status: 'loading' });
    const status = screen.getByRole('status');
    expect(status.getAttribute('aria-busy')).toBe('true');
    expect(within(status).getByText('陈阿姨')).toBeTruthy();
  });

  it('shows the error with 重试, which reloads', () => {
    const reload = jest.fn();
    show({ status: 'error', message: '网络异常，请检查网络后重试', code: null }, reload);
    expect(screen.getByRole('alert').textContent).toContain('会员卡加载失败');
    expect(screen.getByText('网络异常，请检查网络后重试')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: '重试' }));
    expect(reload).toHaveBeenCalledTimes(1);
  });

  it('shows the empty state with its action', () => {
    const onAction = jest.fn();
    show({ status: 'ready', data: [], refreshing: false }, base.reload, onAction);
    expect(screen.getByText('暂无优惠券')).toBeTruthy();
    fireEvent.keyDown(screen.getByRole('button', { name: '去兑换' }), { key: 'Enter' });
    expect(onAction).toHaveBeenCalledTimes(1);
  });

  it('renders the data through children', () => {
    show({ status: 'ready', data: ['满100减10', '满200减25'], refreshing: true });
    expect(screen.getByText('满100减10、满200减25（刷新中）')).toBeTruthy();
    expect(screen.queryByRole('status')).toBeNull();
  });
});

describe('ListRow', () => {
  it('is plain text without onPress and a named button with it', () => {
    const onPress = jest.fn();
    const { rerender } = render(<ListRow title='满100减10' detail='2026年12月31日前可用' side={<Tag tone='positive'>可使用</Tag>} />);
    expect(screen.queryByRole('button')).toBeNull();
    rerender(<ListRow title='满100减10' detail='2026年12月31日前可用' onPress={onPress} label='查看满100减10' />);
    fireEvent.keyDown(screen.getByRole('button', { name: '查看满100减10' }), { key: 'Enter' });
    expect(onPress).toHaveBeenCalledTimes(1);
  });
});

describe('SignedAmount', () => {
  it('gives gains a plus and green, losses a minus and red, the same everywhere', () => {
    const { container } = render(
      <>
        <SignedAmount value={173} />
        <SignedAmount value={-50} />
        <SignedAmount value={-12345} showUnit />
        <SignedAmount value={0} />
      </>,
    );
    const [plus, minus, big, zero] = Array.from(container.querySelectorAll('.signed-amount'));
    expect(plus?.textContent).toBe('+173');
    expect(plus?.className).toContain('amount-plus');
    expect(minus?.textContent).toBe('-50');
    expect(minus?.className).toContain('amount-minus');
    expect(big?.textContent).toBe('-12,345 积分');
    expect(zero?.textContent).toBe('0');
    expect(zero?.className).toContain('amount-zero');
  });
});

describe('DateText', () => {
  it('formats in the one app format inside a nowrap element', () => {
    const at = Date.parse('2026-12-08T08:19:00+08:00');
    const { container } = render(
      <>
        <DateText value={at} now={NOW} />
        <DateText value={at} mode='time' now={NOW} />
        <DateText value={at} mode='datetime' now={NOW} />
        <DateText value='2025-03-30' now={NOW} />
      </>,
    );
    const texts = Array.from(container.querySelectorAll('.date-text')).map((e) => e.textContent);
    expect(texts).toEqual(['12月8日', '08:19', '12月8日 08:19', '2025年3月30日']);
  });
});

describe('ConfirmDialog', () => {
  it('is a modal dialog with the name as one unit; confirm, cancel and Escape work', () => {
    const onConfirm = jest.fn();
    const onCancel = jest.fn();
    const name = '满100减10元蔬菜水果通用券（限本店）';
    const { rerender, container } = render(
      <ConfirmDialog open title='确认兑换' name={name} message='将使用 500 积分' confirmLabel='兑换' onConfirm={onConfirm} onCancel={onCancel} />,
    );
    const dialog = screen.getByRole('dialog', { name: '确认兑换' });
    expect(dialog.getAttribute('aria-modal')).toBe('true');
    // The whole name sits in one element (styled nowrap + ellipsis), never split into pieces.
    const nameEl = container.querySelector('.dialog-name');
    expect(nameEl?.textContent).toBe(name);
    expect(nameEl?.children.length ?? 0).toBeLessThanOrEqual(1);
    fireEvent.click(within(dialog).getByRole('button', { name: '兑换' }));
    expect(onConfirm).toHaveBeenCalledTimes(1);
    fireEvent.keyDown(within(dialog).getByRole('button', { name: '取消' }), { key: 'Enter' });
    fireEvent.keyDown(dialog, { key: 'Escape' });
    expect(onCancel).toHaveBeenCalledTimes(2);
    expect(onConfirm).toHaveBeenCalledTimes(1);

    rerender(<ConfirmDialog open={false} title='确认兑换' onConfirm={onConfirm} onCancel={onCancel} />);
    expect(screen.queryByRole('dialog')).toBeNull();
  });
});
