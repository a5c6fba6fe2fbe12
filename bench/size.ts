/** The weapp main package: everything in dist/ outside the subpackage roots. */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { figure, heading } from './stats';

const LIMIT_KB = 2048;

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? files(p) : [p];
  });
}

export function benchSize(dist = 'dist'): void {
  heading('weapp package size');
  if (!existsSync(join(dist, 'app.json'))) {
    console.log('  dist/ is missing: run `npm run build:weapp` first');
    return;
  }
  const app = JSON.parse(readFileSync(join(dist, 'app.json'), 'utf8')) as { subPackages?: { root: string }[]; subpackages?: { root: string }[] };
  const roots = (app.subPackages ?? app.subpackages ?? []).map((s) => s.root.replace(/\/$/, ''));
  let main = 0;
  const subs: Record<string, number> = {};
  for (const f of files(dist)) {
    const rel = relative(dist, f);
    const root = roots.find((r) => rel.startsWith(`${r}/`));
    const size = statSync(f).size;
    if (root) subs[root] = (subs[root] ?? 0) + size;
    else main += size;
  }
  const kb = main / 1024;
  figure('weapp.main_kb', 'main package', kb, 'KB', { target: 400, better: 'lower', digits: 1 });
  figure('weapp.main_share_pct', 'main package share of the 2 MB limit', (kb / LIMIT_KB) * 100, '%', { better: 'lower', digits: 1 });
  // `staff/pages` reports as weapp.staff_kb: the name later issues hold to a target.
  for (const [root, size] of Object.entries(subs)) {
    const name = root.split('/').find((part) => part !== 'packages' && part !== 'pages') ?? root;
    figure(`weapp.${name}_kb`, `subpackage ${root}`, size / 1024, 'KB', { better: 'lower', digits: 1 });
  }
}
