/**
 * `npm start`: builds what is missing, opens (and on first start seeds) the local database and
 * serves the H5 app and every cloud function on 127.0.0.1.
 *   --port N      port (default: $PORT or 8787)
 *   --reset       wipe the data folder and reseed the demo dataset
 *   --members N   add N synthetic members (for benchmarks) when seeding
 *   --data DIR    data folder (default .data/local)
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { isSeeded, listen, openFreshPalDb, seedDemo } from './app';
import { seedSynthetic } from './seed/synthetic';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

function newestMtime(dir: string): number {
  return readdirSync(dir, { withFileTypes: true }).reduce((max, e) => {
    const p = join(dir, e.name);
    return Math.max(max, e.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs);
  }, 0);
}

function run(cmd: string, args: string[]): void {
  const r = spawnSync(cmd, args, { stdio: 'inherit', shell: false });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

async function main(): Promise<void> {
  const port = Number(arg('port') ?? process.env.PORT ?? 8787);
  const dataDir = arg('data') ?? '.data/local';
  const members = Number(arg('members') ?? 0);

  // Rebuild only what is stale: several servers may start at once (the browser tests do).
  const functionsBuilt = 'dist-cloudfunctions/.built';
  if (!existsSync(functionsBuilt) || statSync(functionsBuilt).mtimeMs < newestMtime('cloudfunctions')) {
    run(process.execPath, ['scripts/build-functions.mjs']);
  }
  const h5Index = 'dist-h5/index.html';
  const sources = Math.max(newestMtime('src'), newestMtime('config'));
  if (!existsSync(h5Index) || statSync(h5Index).mtimeMs < sources) {
    console.log('Building the H5 app…');
    run(process.execPath, ['node_modules/@tarojs/cli/bin/taro', 'build', '--type', 'h5', '--no-check']);
  }

  const db = await openFreshPalDb(dataDir);
  if (process.argv.includes('--reset') || !(await isSeeded(db))) {
    await db.dropAll();
    const now = Date.now();
    const counts = await seedDemo(db, now);
    console.log(`Seeded the demo dataset: ${Object.entries(counts).map(([k, v]) => `${v} ${k}`).join(', ')}`);
    if (members > 0) console.log(`Added ${await seedSynthetic(db, members, now)} synthetic members`);
  }
  // Uploads land where the storage adapter (openFreshPalDb) reads `cloud://<env>/<path>`.
  const handle = await listen(db, { port, staticDir: 'dist-h5', filesDir: join(dataDir, 'files') });
  console.log(`\nFreshPal local cloud: ${handle.url}\n  H5 app:  ${handle.url}/\n  functions: POST ${handle.url}/cloud/<function>  (header X-Dev-Openid)\n`);
  const stop = async () => {
    await handle.close();
    await db.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop());
  process.on('SIGTERM', () => void stop());
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
