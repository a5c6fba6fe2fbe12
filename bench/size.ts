/** The weapp main package: everything in dist/ outside the subpackage roots. */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { line } from './stats';

const LIMIT_KB = 2048;

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? files(p) : [p];
  });
}

export function benchSize(dist = 'dist'): void {
  console.log('\nweapp package size');
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
  line('main package', `${kb.toFixed(1)} KB`, '≤ 400 KB');
  line('main package share of the 2 MB limit', `${((kb / LIMIT_KB) * 100).toFixed(1)} %`);
  for (const [root, size] of Object.entries(subs)) line(`subpackage ${root}`, `${(size / 1024).toFixed(1)} KB`);
}
