import { act, render, screen } from '@testing-library/react';
import { setStorageSync } from '@tarojs/taro';
import { readCache, useCachedRemote } from '@/hooks/useCachedRemote';

const ID_KEY = 'freshpal.dev.openid';

interface Deferred {
  resolve: (v: string) => void;
  reject: (e: unknown) => void;
}

let pending: Deferred[] = [];
const load = () =>
  new Promise<string>((resolve, reject) => {
    pending.push({ resolve, reject });
  });

function Probe({ owner }: { owner: number }) {
  const v = useCachedRemote<string>('probe', load, [], owner);
  if (v.status === 'loading') return <div>loading</div>;
  if (v.status === 'error') return <div>error: {v.message}</div>;
  return (
    <div>
      {v.data}
      {v.fromCache ? ' (cached)' : ''}
      {v.error ? ` [${v.error}]` : ''}
    </div>
  );
}

async function flush(): Promise<void> {
  await act(async () => {
    await new Promise((r) => setTimeout(r, 0));
  });
}

beforeEach(() => {
  pending = [];
  window.localStorage.clear();
  window.localStorage.setItem(ID_KEY, 'o-alice');
});

describe('useCachedRemote', () => {
  it('shows the saved copy at once, then replaces it with the fresh one and saves that', async () => {
    setStorageSync('freshpal.cache.probe', { identity: 'o-alice', data: 'old card' });
    render(<Probe owner={0} />);
    // First render, before any answer: the saved copy, not a blank or a spinner.
    expect(screen.getByText('old card (cached)')).toBeTruthy();
    act(() => pending[0]?.resolve('new card'));
    await flush();
    expect(screen.getByText('new card')).toBeTruthy();
    expect(readCache('probe', 'o-alice')).toBe('new card');
  });

  it('without a saved copy shows loading first, and saves the answer for the next open', async () => {
    const first = render(<Probe owner={0} />);
    expect(screen.getByText('loading')).toBeTruthy();
    act(() => pending[0]?.resolve('fresh'));
    await flush();
    first.unmount();
    render(<Probe owner={0} />);
    expect(screen.getByText('fresh (cached)')).toBeTruthy();
  });

  it('never shows another identity’s copy, also after a switch', async () => {
    setStorageSync('freshpal.cache.probe', { identity: 'o-bob', data: 'bob card' });
    const view = render(<Probe owner={0} />);
    expect(screen.getByText('loading')).toBeTruthy();
    act(() => pending[0]?.resolve('alice card'));
    await flush();
    expect(screen.getByText('alice card')).toBeTruthy();

    // The dev switch changes identity: the page reloads as bob, with nothing cached for him now.
    window.localStorage.setItem(ID_KEY, 'o-bob');
    view.rerender(<Probe owner={1} />);
    await flush();
    expect(screen.queryByText(/alice card/)).toBeNull();
    expect(screen.getByText('loading')).toBeTruthy();
    act(() => pending[1]?.resolve('bob card 2'));
    await flush();
    expect(screen.getByText('bob card 2')).toBeTruthy();
    expect(readCache('probe', 'o-alice')).toBeNull();
    expect(readCache('probe', 'o-bob')).toBe('bob card 2');
  });

  it('an answer asked for one identity is saved for that one even if the identity changed meanwhile', async () => {
    render(<Probe owner={0} />);
    window.localStorage.setItem(ID_KEY, 'o-bob');
    act(() => pending[0]?.resolve('alice card'));
    await flush();
    expect(readCache('probe', 'o-bob')).toBeNull();
    expect(readCache('probe', 'o-alice')).toBe('alice card');
  });

  it('keeps the saved copy on screen when the fresh one fails, and says why', async () => {
    setStorageSync('freshpal.cache.probe', { identity: 'o-alice', data: 'old card' });
    render(<Probe owner={0} />);
    act(() => pending[0]?.reject(new Error('网络异常')));
    await flush();
    expect(screen.getByText(/^old card \(cached\) \[/)).toBeTruthy();
  });
});
