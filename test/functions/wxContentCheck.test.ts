/**
 * The WeChat content check and file links against a stand-in for wx-server-sdk's cloud calls: the
 * exact parameters sent, the answers read (camelCase from cloud calls, snake_case tolerated), and
 * that no WeChat failure loses a submission (it answers `unchecked` with the reason).
 */
import { contentCheck, installContentCheck, type ContentCheck } from '../../cloudfunctions/ports/contentCheck';
import { fileStorage, installStorage, MAX_LINK_SECONDS } from '../../cloudfunctions/ports/storage';
import { labelText, readMediaCheckEvent, wxContentCheck, type WxSecuritySdk } from '../../cloudfunctions/runtime/wxContentCheck';
import { wxFileLinks, type WxFilesSdk } from '../../cloudfunctions/runtime/wxFileLinks';
import { MAX_CHECK_CHARS } from '../../cloudfunctions/core/safety';

type MsgAnswer = Awaited<ReturnType<WxSecuritySdk['openapi']['security']['msgSecCheck']>>;
type TempAnswer = Awaited<ReturnType<WxFilesSdk['getTempFileURL']>>;

/** A cloud whose answers each test sets; every call is recorded. */
function standInCloud() {
  const calls = { msg: [] as unknown[], media: [] as unknown[], temp: [] as { fileList: { fileID: string; maxAge: number }[] }[] };
  let msg: (content: string) => Promise<MsgAnswer> = async () => ({ errCode: 0, errMsg: 'openapi.security.msgSecCheck:ok', result: { suggest: 'pass', label: 100 } });
  let media: () => Promise<{ errCode?: number; traceId?: string; trace_id?: string }> = async () => ({ errCode: 0, traceId: 'trace-1' });
  let missing = new Set<string>();
  let tempFails = false;
  const cloud: WxSecuritySdk & WxFilesSdk = {
    openapi: {
      security: {
        msgSecCheck: async (opts) => {
          calls.msg.push(opts);
          return msg(opts.content);
        },
        mediaCheckAsync: async (opts) => {
          calls.media.push(opts);
          return media();
        },
      },
    },
    getTempFileURL: async (opts) => {
      calls.temp.push(opts);
      if (tempFails) throw { errCode: -501001, errMsg: 'getTempFileURL:fail resource system error' };
      const answer: TempAnswer = {
        fileList: opts.fileList.map(({ fileID, maxAge }) =>
          missing.has(fileID) ? { fileID, status: 1, errMsg: 'STORAGE_FILE_NONEXIST', tempFileURL: '' } : { fileID, status: 0, errMsg: 'ok', tempFileURL: `https://tmp.example/${fileID.slice(8)}?age=${maxAge}` },
        ),
      };
      return answer;
    },
  };
  return {
    cloud,
    calls,
    setMsg: (f: typeof msg) => (msg = f),
    setMedia: (f: typeof media) => (media = f),
    setMissing: (ids: string[]) => (missing = new Set(ids)),
    setTempFails: (v: boolean) => (tempFails = v),
  };
}

describe('checkText through msgSecCheck v2', () => {
  it('sends version 2, the openid, the scene number and the content; reads the verdict and names the label', async () => {
    const s = standInCloud();
    s.setMsg(async () => ({ errCode: 0, result: { suggest: 'risky', label: 20006 } }));
    const check = wxContentCheck(s.cloud);
    expect(await check.checkText({ openid: 'o-1', scene: 'comment', content: '菜不新鲜' })).toEqual({ verdict: 'risky', label: '违法犯罪 (20006)' });
    expect(s.calls.msg).toEqual([{ version: 2, openid: 'o-1', scene: 2, content: '菜不新鲜' }]);
    await check.checkText({ openid: 'o-1', scene: 'profile', content: 'x' });
    expect(s.calls.msg[1]).toMatchObject({ scene: 1 });
  });

  it.each([
    ['pass', 100, '正常'],
    ['review', 20003, '辱骂 (20003)'],
    ['review', '10001', '广告 (10001)'],
  ])('maps suggest %s with label %s', async (suggest, label, words) => {
    const s = standInCloud();
    s.setMsg(async () => ({ errCode: 0, result: { suggest, label } }));
    expect(await wxContentCheck(s.cloud).checkText({ openid: 'o-1', scene: 'comment', content: '你好' })).toEqual({ verdict: suggest, label: words });
  });

  it('answers unchecked with the reason when WeChat throws, answers an error code, or says something unknown', async () => {
    const s = standInCloud();
    const check = wxContentCheck(s.cloud);
    s.setMsg(async () => {
      throw { errCode: 40003, errMsg: 'openapi.security.msgSecCheck:fail invalid openid' };
    });
    expect(await check.checkText({ openid: 'o-1', scene: 'comment', content: '你好' })).toEqual({ verdict: 'unchecked', label: '未检查：40003 openapi.security.msgSecCheck:fail invalid openid' });
    s.setMsg(async () => ({ errcode: -1, errmsg: 'system error' }));
    expect(await check.checkText({ openid: 'o-1', scene: 'comment', content: '你好' })).toEqual({ verdict: 'unchecked', label: '未检查：-1 system error' });
    s.setMsg(async () => ({ errCode: 0, result: { suggest: 'maybe' } }));
    expect((await check.checkText({ openid: 'o-1', scene: 'comment', content: '你好' })).verdict).toBe('unchecked');
  });

  it('checks long text in chunks within the limit, the worst verdict winning, and stops at the first risky chunk', async () => {
    const s = standInCloud();
    const text = 'a'.repeat(MAX_CHECK_CHARS) + 'b'.repeat(MAX_CHECK_CHARS) + 'c'.repeat(MAX_CHECK_CHARS);
    s.setMsg(async (content) => ({ errCode: 0, result: content.includes('b') ? { suggest: 'review', label: 21000 } : { suggest: 'pass', label: 100 } }));
    expect(await wxContentCheck(s.cloud).checkText({ openid: 'o-1', scene: 'comment', content: text })).toEqual({ verdict: 'review', label: '其他 (21000)' });
    expect(s.calls.msg.length).toBe(4);
    for (const call of s.calls.msg as { content: string }[]) expect(call.content.length).toBeLessThanOrEqual(MAX_CHECK_CHARS);

    const r = standInCloud();
    r.setMsg(async (content) => ({ errCode: 0, result: content.startsWith('a') ? { suggest: 'risky', label: 20002 } : { suggest: 'pass', label: 100 } }));
    expect((await wxContentCheck(r.cloud).checkText({ openid: 'o-1', scene: 'comment', content: text })).verdict).toBe('risky');
    expect(r.calls.msg.length).toBe(1);
  });

  it('does not send text too long to check in 8 chunks, and does not call WeChat for blank text', async () => {
    const s = standInCloud();
    const check = wxContentCheck(s.cloud);
    expect(await check.checkText({ openid: 'o-1', scene: 'comment', content: '长'.repeat(30_000) })).toEqual({ verdict: 'unchecked', label: '未检查：内容过长（30000 字）' });
    expect(await check.checkText({ openid: 'o-1', scene: 'comment', content: '  \n ' })).toMatchObject({ verdict: 'pass' });
    expect(s.calls.msg).toEqual([]);
  });
});

describe('checkImage through mediaCheckAsync v2', () => {
  const fileId = 'cloud://prod-1a2b.7072-prod/feedback/abc/photo1234567890ab.jpg';

  it('asks for a public link first, then sends it as mediaUrl with mediaType 2; answers pending with the traceId', async () => {
    const s = standInCloud();
    expect(await wxContentCheck(s.cloud).checkImage({ openid: 'o-1', fileId })).toEqual({ status: 'pending', traceId: 'trace-1' });
    expect(s.calls.temp).toEqual([{ fileList: [{ fileID: fileId, maxAge: 3600 }] }]);
    expect(s.calls.media).toEqual([{ version: 2, openid: 'o-1', scene: 2, mediaUrl: `https://tmp.example/${fileId.slice(8)}?age=3600`, mediaType: 2 }]);
  });

  it('reads a snake_case trace_id too', async () => {
    const s = standInCloud();
    s.setMedia(async () => ({ errcode: 0, trace_id: 'trace-snake' }) as never);
    expect(await wxContentCheck(s.cloud).checkImage({ openid: 'o-1', fileId, scene: 'forum' })).toEqual({ status: 'pending', traceId: 'trace-snake' });
    expect(s.calls.media[0]).toMatchObject({ scene: 3 });
  });

  it('answers unchecked with the reason when the file has no link, the link call fails, or WeChat refuses', async () => {
    const s = standInCloud();
    const check = wxContentCheck(s.cloud);
    s.setMissing([fileId]);
    expect(await check.checkImage({ openid: 'o-1', fileId })).toEqual({ status: 'unchecked', reason: '未检查：取不到图片链接（STORAGE_FILE_NONEXIST）' });
    s.setMissing([]);
    s.setTempFails(true);
    expect(await check.checkImage({ openid: 'o-1', fileId })).toEqual({ status: 'unchecked', reason: '未检查：-501001 getTempFileURL:fail resource system error' });
    s.setTempFails(false);
    s.setMedia(async () => {
      throw new Error('ESOCKETTIMEDOUT');
    });
    expect(await check.checkImage({ openid: 'o-1', fileId })).toEqual({ status: 'unchecked', reason: '未检查：ESOCKETTIMEDOUT' });
    s.setMedia(async () => ({ errCode: 0 }));
    expect((await check.checkImage({ openid: 'o-1', fileId })).status).toBe('unchecked');
    expect(s.calls.media.length).toBe(2);
  });
});

describe('the wxa_media_check push', () => {
  it('reads the trace id and verdict, and ignores anything else', () => {
    const event = { ToUserName: 'gh_1', Event: 'wxa_media_check', trace_id: 't-9', version: 2, result: { suggest: 'risky', label: '20002' } };
    expect(readMediaCheckEvent(event)).toEqual({ traceId: 't-9', verdict: 'risky', label: '色情 (20002)' });
    expect(readMediaCheckEvent({ ...event, Event: 'user_enter_tempsession' })).toBeNull();
    expect(readMediaCheckEvent({ ...event, result: { suggest: 'unknown' } })).toBeNull();
    expect(readMediaCheckEvent({ action: 'getCard' })).toBeNull();
    expect(readMediaCheckEvent(null)).toBeNull();
    expect(labelText(undefined)).toBe('未知');
  });
});

describe('the port never throws', () => {
  afterEach(() => installContentCheck(null));

  it('answers unchecked when nothing is installed', async () => {
    installContentCheck(null);
    expect(await contentCheck().checkText({ openid: 'o', scene: 'comment', content: 'x' })).toEqual({ verdict: 'unchecked', label: '未检查：内容安全检查未配置' });
    expect(await contentCheck().checkImage({ openid: 'o', fileId: 'cloud://e/x' })).toEqual({ status: 'unchecked', reason: '未检查：内容安全检查未配置' });
  });

  it('turns an adapter that throws into unchecked with the reason', async () => {
    const throwing: ContentCheck = {
      checkText: async () => {
        throw new Error('boom');
      },
      checkImage: async () => {
        throw { errCode: 45009, errMsg: 'reach max api daily quota limit' };
      },
    };
    installContentCheck(throwing);
    expect(await contentCheck().checkText({ openid: 'o', scene: 'comment', content: 'x' })).toEqual({ verdict: 'unchecked', label: '未检查：boom' });
    expect(await contentCheck().checkImage({ openid: 'o', fileId: 'cloud://e/x' })).toEqual({ status: 'unchecked', reason: '未检查：45009 reach max api daily quota limit' });
  });
});

describe('file links through getTempFileURL', () => {
  it('asks at most 50 files a call, once per distinct file, and leaves missing files out', async () => {
    const s = standInCloud();
    const ids = Array.from({ length: 120 }, (_, i) => `cloud://env.b/feedback/f/${String(i).padStart(3, '0')}`);
    s.setMissing([ids[7] as string, ids[99] as string]);
    const urls = await wxFileLinks(s.cloud).temporaryUrls([...ids, ids[0] as string], 600);
    expect(s.calls.temp.map((c) => c.fileList.length)).toEqual([50, 50, 20]);
    expect(s.calls.temp.flatMap((c) => c.fileList.map((f) => f.maxAge))).toEqual(Array(120).fill(600));
    expect(Object.keys(urls).length).toBe(118);
    expect(urls[ids[7] as string]).toBeUndefined();
    expect(urls[ids[8] as string]).toBe(`https://tmp.example/${(ids[8] as string).slice(8)}?age=600`);
  });

  it('cuts a lifetime over a day to a day, and asks nothing for no files', async () => {
    const s = standInCloud();
    await wxFileLinks(s.cloud).temporaryUrls(['cloud://env.b/x'], 7 * 86_400);
    expect(s.calls.temp[0]?.fileList[0]?.maxAge).toBe(MAX_LINK_SECONDS);
    expect(await wxFileLinks(s.cloud).temporaryUrls([], 60)).toEqual({});
    expect(s.calls.temp.length).toBe(1);
  });

  it('tells which files exist, in order', async () => {
    const s = standInCloud();
    s.setMissing(['cloud://env.b/b']);
    expect(await wxFileLinks(s.cloud).exists(['cloud://env.b/a', 'cloud://env.b/b', 'cloud://env.b/a'])).toEqual([true, false, true]);
  });
});

describe('createCloudMain installs the WeChat checker and file links', () => {
  const s = standInCloud();
  beforeAll(() => {
    jest.resetModules();
    jest.doMock(
      'wx-server-sdk',
      () => ({
        ...s.cloud,
        DYNAMIC_CURRENT_ENV: Symbol('env'),
        init: () => undefined,
        getWXContext: () => ({ OPENID: 'o-main' }),
        database: () => ({}),
        callFunction: async () => ({}),
        downloadFile: async () => ({ fileContent: Buffer.from('') }),
      }),
      { virtual: true },
    );
  });
  afterAll(() => {
    jest.dontMock('wx-server-sdk');
    installStorage(null);
    installContentCheck(null);
  });

  it('checks text with msgSecCheck and issues links with getTempFileURL', async () => {
    // Modules loaded after resetModules share one registry: take the ports from it too.
    const { createCloudMain } = require('../../cloudfunctions/runtime/wx') as typeof import('../../cloudfunctions/runtime/wx');
    const ports = require('../../cloudfunctions/ports/contentCheck') as typeof import('../../cloudfunctions/ports/contentCheck');
    const storage = require('../../cloudfunctions/ports/storage') as typeof import('../../cloudfunctions/ports/storage');
    createCloudMain({ name: 'stand-in', actions: {} });
    expect(await ports.contentCheck().checkText({ openid: 'o-main', scene: 'comment', content: '好' })).toEqual({ verdict: 'pass', label: '正常' });
    expect(s.calls.msg).toEqual([{ version: 2, openid: 'o-main', scene: 2, content: '好' }]);
    expect(await storage.fileStorage().temporaryUrls(['cloud://env.b/p.jpg'], 60)).toEqual({ 'cloud://env.b/p.jpg': 'https://tmp.example/env.b/p.jpg?age=60' });
    // This file's own copy of the port was never installed by that main.
    expect(() => fileStorage()).toThrow();
  });
});
