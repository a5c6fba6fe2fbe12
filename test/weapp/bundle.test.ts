/**
 * What must never ship in the mini-program: the H5-only local transport (X-Dev-Openid header), the
 * dev identity switch, and server code (zod, the services, the database port), which the front end
 * may only import as types. Minified output escapes Chinese as \uXXXX, so both spellings are searched.
 * Also keeps the main package within its size budget.
 */
import fs from 'fs';
import path from 'path';
import { DIST, requireDist } from './distPath';

function files(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    return e.isDirectory() ? files(full) : [full];
  });
}

const escapeCjk = (s: string) => s.replace(/[^ -~]/g, (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0'));

const FORBIDDEN = ['X-Dev-Openid', '演示身份', 'dev-switch', 'freshpal.dev.openid', '/dev/identities'];

describe('weapp bundle (dist/)', () => {
  beforeAll(() => {
    requireDist();
  });

  it('contains no H5 dev code', () => {
    const shipped = files(DIST).filter((f) => /\.(js|wxml|wxs|json|wxss)$/.test(f));
    expect(shipped.length).toBeGreaterThan(5);
    const hits: string[] = [];
    for (const file of shipped) {
      const text = fs.readFileSync(file, 'utf8');
      for (const needle of FORBIDDEN) {
        for (const spelling of new Set([needle, escapeCjk(needle), escapeCjk(needle).toUpperCase().replace(/\\U/g, '\\u')])) {
          if (text.includes(spelling)) hits.push(`${path.relative(DIST, file)}: ${needle}`);
        }
      }
    }
    expect(hits).toEqual([]);
  });

  it('contains no zod or server code (the API map and view types are imported as types only)', () => {
    const SERVER = ['ZodError', 'invalid_type', 'safeParse', 'wx-server-sdk', 'runTransaction', 'DomainError', 'getOrEnroll'];
    const hits: string[] = [];
    for (const file of files(DIST).filter((f) => f.endsWith('.js'))) {
      const text = fs.readFileSync(file, 'utf8');
      for (const needle of SERVER) if (text.includes(needle)) hits.push(`${path.relative(DIST, file)}: ${needle}`);
    }
    expect(hits).toEqual([]);
  });

  it('does ship the error registry and the shared limits (plain data the client checks with)', () => {
    const js = files(DIST)
      .filter((f) => f.endsWith('.js'))
      .map((f) => fs.readFileSync(f, 'utf8'))
      .join('\n');
    expect(js).toContain('REQUEST.ID_REUSED');
    expect(js).toContain('CLIENT.NETWORK');
  });

  it('does contain the card page text (so the search above would find strings)', () => {
    const card = fs.readFileSync(path.join(DIST, 'pages/card/index.js'), 'utf8');
    expect(card.includes('会员码') || card.includes(escapeCjk('会员码'))).toBe(true);
  });

  it('keeps the main package (everything outside the subpackage roots) within 400 KB', () => {
    const app = JSON.parse(fs.readFileSync(path.join(DIST, 'app.json'), 'utf8')) as { subPackages?: { root: string }[] };
    const roots = (app.subPackages ?? []).map((p) => p.root.replace(/\/+$/, '') + '/');
    expect(roots).toEqual(expect.arrayContaining(['staff/', 'packages/coupons/']));
    const main = files(DIST).filter((f) => {
      const rel = path.relative(DIST, f).split(path.sep).join('/');
      return !roots.some((root) => rel.startsWith(root));
    });
    const bytes = main.reduce((sum, f) => sum + fs.statSync(f).size, 0);
    expect(bytes).toBeLessThanOrEqual(400 * 1024);
  });

  it('passes aria-role and aria-label through every view template (Taro drops them without @tarojs/plugin-inject)', () => {
    const wxml = fs.readFileSync(path.join(DIST, 'base.wxml'), 'utf8');
    const views = wxml.match(/<view [^>]*>/g) ?? [];
    expect(views.length).toBeGreaterThan(1);
    // Every <view> template that renders Taro attributes (not the bare pure-view one) carries both.
    const withAttributes = views.filter((v) => v.includes('hover-class'));
    expect(withAttributes.length).toBeGreaterThan(0);
    for (const view of withAttributes) {
      expect(view).toMatch(/aria-role="\{\{i\.p\d+\}\}"/);
      expect(view).toMatch(/aria-label="\{\{i\.p\d+\}\}"/);
    }
  });

  it('keeps staff code out of the main package', () => {
    // The staff API wrappers and pages must ship only in the staff subpackage.
    const mainJs = files(DIST).filter((f) => f.endsWith('.js') && !path.relative(DIST, f).split(path.sep).join('/').startsWith('staff/'));
    const hits = mainJs.filter((f) => /"staff","(getMember|adjustPoints|overrideTier)"/.test(fs.readFileSync(f, 'utf8')));
    expect(hits.map((f) => path.relative(DIST, f))).toEqual([]);
  });
});
