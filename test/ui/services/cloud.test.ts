import type { DemoIdentityView } from '@contracts/api';
import { fail, installFakeServer, ok } from '../fakeServer';

type CloudModule = typeof import('@/services/cloud');

describe('callCloud in the H5 build (local server)', () => {
  let cloud: CloudModule;
  beforeEach(() => {
    window.localStorage.setItem('freshpal.dev.openid', 'demo-basic');
    jest.isolateModules(() => {
      cloud = require('@/services/cloud');
    });
  });

  it('posts { action, payload } to /cloud/<fn> and unwraps the envelope', async () => {
    installFakeServer({ 'points.listMovements': ({ payload }) => ok({ echoed: payload }) });
    await expect(cloud.callCloud('points', 'listMovements', { page: 1 })).resolves.toEqual({ echoed: { page: 1 } });
    const [url, init] = (window.fetch as jest.Mock).mock.calls[0];
    expect(url).toBe('/cloud/points');
    expect(init.method).toBe('POST');
    expect(init.headers['Content-Type']).toBe('application/json');
    expect(JSON.parse(init.body)).toEqual({ action: 'listMovements', payload: { page: 1 } });
  });

  it('sends the chosen demo identity', async () => {
    const server = installFakeServer({ 'member.whoami': () => ok({}) });
    await cloud.callCloud('member', 'whoami');
    expect(server.last('member.whoami')?.openid).toBe('demo-basic');
    require('@/dev/identity').setDevOpenid('demo-core-1');
    await cloud.callCloud('member', 'whoami');
    expect(server.last('member.whoami')?.openid).toBe('demo-core-1');
  });

  it('acts as the first demo identity when none is chosen yet (one identities request for concurrent calls)', async () => {
    window.localStorage.clear();
    const server = installFakeServer({ 'member.whoami': () => ok({}), 'member.getCard': () => ok({}) }, [
      { openid: 'demo-first', label: '甲', role: 'customer', tier: 'basic', kind: 'household' },
      { openid: 'demo-second', label: '乙', role: 'staff', tier: null, kind: null },
    ]);
    await Promise.all([cloud.callCloud('member', 'whoami'), cloud.callCloud('member', 'getCard')]);
    expect(server.count('dev.identities')).toBe(1);
    expect(server.last('member.whoami')?.openid).toBe('demo-first');
    expect(server.last('member.getCard')?.openid).toBe('demo-first');
    expect(window.localStorage.getItem('freshpal.dev.openid')).toBe('demo-first');
  });

  it('goes out without an identity when the identities cannot be loaded', async () => {
    window.localStorage.clear();
    const server = installFakeServer({ 'member.whoami': () => ok({}) });
    const answer = (window.fetch as jest.Mock).getMockImplementation()!;
    (window.fetch as jest.Mock).mockImplementation((url: string, init?: RequestInit) =>
      url === '/dev/identities' ? Promise.reject(new TypeError('Failed to fetch')) : answer(url, init),
    );
    await cloud.callCloud('member', 'whoami');
    expect(server.last('member.whoami')?.openid).toBeNull();
  });

  it('throws CloudError with the server code and message', async () => {
    installFakeServer({ 'member.getCard': () => fail('AUTH.FORBIDDEN', '没有权限') });
    const err = await cloud.callCloud('member', 'getCard').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(cloud.CloudError);
    expect(err).toMatchObject({ code: 'AUTH.FORBIDDEN', message: '没有权限' });
  });

  it('keeps the message of a code this build does not know, under a registered client code', async () => {
    installFakeServer({});
    (window.fetch as jest.Mock).mockResolvedValueOnce({ status: 409, json: () => Promise.resolve({ ok: false, error: { code: 'ORDER.SOMETHING_NEW', message: '新规则' } }) });
    await expect(cloud.callCloud('member', 'getCard')).rejects.toMatchObject({ code: 'CLIENT.UNKNOWN_CODE', message: '新规则' });
  });

  it('accepts { ok: true } without data (undefined does not survive JSON)', async () => {
    installFakeServer({});
    (window.fetch as jest.Mock).mockResolvedValueOnce({ status: 200, json: () => Promise.resolve({ ok: true }) });
    await expect(cloud.callCloud('member', 'whoami')).resolves.toBeUndefined();
  });

  it('turns non-envelopes and network failures into CloudError', async () => {
    installFakeServer({});
    (window.fetch as jest.Mock).mockResolvedValueOnce({ status: 502, json: () => Promise.reject(new SyntaxError('bad json')) });
    await expect(cloud.callCloud('member', 'getCard')).rejects.toMatchObject({ code: 'CLIENT.BAD_RESPONSE' });
    (window.fetch as jest.Mock).mockResolvedValueOnce({ status: 200, json: () => Promise.resolve({ hello: 1 }) });
    await expect(cloud.callCloud('member', 'getCard')).rejects.toMatchObject({ code: 'CLIENT.BAD_RESPONSE' });
    (window.fetch as jest.Mock).mockRejectedValueOnce(new TypeError('Failed to fetch'));
    await expect(cloud.callCloud('member', 'getCard')).rejects.toMatchObject({ code: 'CLIENT.NETWORK' });
  });

  it('lists the demo identities', async () => {
    const identities: DemoIdentityView[] = [{ openid: 'o1', label: '王阿姨', role: 'customer', tier: 'basic', kind: 'household' }];
    installFakeServer({}, identities);
    let api: typeof import('@/services/api') | undefined;
    jest.isolateModules(() => {
      api = require('@/services/api');
    });
    await expect(api!.listDemoIdentities()).resolves.toEqual(identities);
  });
});

describe('callCloud in the weapp build', () => {
  const callFunction = jest.fn();
  const init = jest.fn();
  let cloud: CloudModule;

  beforeEach(() => {
    callFunction.mockReset();
    window.fetch = jest.fn();
    process.env.TARO_ENV = 'weapp';
    jest.isolateModules(() => {
      jest.doMock('@tarojs/taro', () => ({ __esModule: true, default: { cloud: { callFunction, init } } }));
      cloud = require('@/services/cloud');
    });
  });

  afterEach(() => {
    process.env.TARO_ENV = 'h5';
    jest.dontMock('@tarojs/taro');
  });

  it('calls the cloud function and unwraps result as the envelope', async () => {
    callFunction.mockResolvedValue({ errMsg: 'cloud.callFunction:ok', result: ok({ token: 't' }) });
    await expect(cloud.callCloud('member', 'getCode', {})).resolves.toEqual({ token: 't' });
    expect(callFunction).toHaveBeenCalledWith({ name: 'member', data: { action: 'getCode', payload: {} } });
  });

  it('throws the server error', async () => {
    callFunction.mockResolvedValue({ errMsg: 'cloud.callFunction:ok', result: fail('MEMBER.NOT_FOUND', '不是会员') });
    await expect(cloud.callCloud('member', 'getCard')).rejects.toMatchObject({ code: 'MEMBER.NOT_FOUND', message: '不是会员' });
  });

  it('wraps a failed call', async () => {
    callFunction.mockRejectedValue({ errMsg: 'cloud.callFunction:fail -404011 cloud function execution error' });
    await expect(cloud.callCloud('member', 'getCard')).rejects.toMatchObject({ code: 'CLIENT.NETWORK' });
    expect(window.fetch).not.toHaveBeenCalled();
  });

  it('initialises the SDK with the build-time environment id', () => {
    cloud.initCloud();
    expect(init).toHaveBeenCalledWith({ env: 'test-env', traceUser: true });
  });

  it('has no demo identities', async () => {
    let api: typeof import('@/services/api') | undefined;
    jest.isolateModules(() => {
      jest.doMock('@tarojs/taro', () => ({ __esModule: true, default: { cloud: { callFunction, init } } }));
      api = require('@/services/api');
    });
    await expect(api!.listDemoIdentities()).resolves.toEqual([]);
  });
});
