/**
 * The dependency rule: the domain core knows nothing of Taro, React, wx-server-sdk, databases, the
 * file system or the wall clock. This reads every core file and fails on any such import or call.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const CORE = join(__dirname, '../../cloudfunctions/core');
const ALLOWED_PACKAGES = new Set(['zod', 'dayjs']);

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : path.endsWith('.ts') ? [path] : [];
  });
}

const stripComments = (text: string) => text.replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, '');
const sources = filesUnder(CORE).map((path) => ({ path: relative(CORE, path), text: stripComments(readFileSync(path, 'utf8')) }));

describe('the domain core', () => {
  it('has files to check', () => {
    expect(sources.length).toBeGreaterThan(5);
  });

  it.each(sources.map((s) => [s.path, s.text]))('%s imports only the core, zod and dayjs', (path, text) => {
    const specifiers = [...text.matchAll(/(?:from\s+|import\s*\(\s*|require\s*\(\s*|^import\s+)['"]([^'"]+)['"]/gm)].map((m) => m[1] as string);
    for (const spec of specifiers) {
      if (spec.startsWith('.')) {
        const target = join(CORE, path, '..', spec);
        expect(relative(CORE, target).startsWith('..')).toBe(false);
      } else {
        // Report the offending specifier itself when it is not an allowed package.
        const pkg = spec.split('/')[0] as string;
        expect(ALLOWED_PACKAGES.has(pkg) ? 'allowed' : spec).toBe('allowed');
      }
    }
  });

  it.each(sources.map((s) => [s.path, s.text]))('%s never reads the clock, randomness or the environment', (path, text) => {
    expect(text).not.toMatch(/Date\.now\(|new Date\(\s*\)|Math\.random\(|process\.|dayjs\(\s*\)/);
    expect(path).not.toMatch(/\.(tsx|js)$/);
  });
});
