// Bundles each cloud function (cloudfunctions/<name>/index.ts) into a self-contained deployable folder
// dist-cloudfunctions/<name>/ with its own package.json (wx-server-sdk pinned, kept external) and
// config.json (timer triggers), which project.config.json's cloudfunctionRoot points at.
import { build } from 'esbuild';
import { copyFileSync, existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const SRC = 'cloudfunctions';
const OUT = 'dist-cloudfunctions';
const WX_SERVER_SDK = '4.0.2';

const names = readdirSync(SRC).filter((name) => existsSync(join(SRC, name, 'index.ts')));
rmSync(OUT, { recursive: true, force: true });

for (const name of names) {
  const dir = join(OUT, name);
  mkdirSync(dir, { recursive: true });
  await build({
    entryPoints: [join(SRC, name, 'index.ts')],
    outfile: join(dir, 'index.js'),
    bundle: true,
    platform: 'node',
    target: 'node16',
    format: 'cjs',
    external: ['wx-server-sdk'],
    minify: true,
    legalComments: 'none',
    logLevel: 'warning',
  });
  const pkg = { name, version: '1.0.0', private: true, main: 'index.js', dependencies: { 'wx-server-sdk': WX_SERVER_SDK } };
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify(pkg, null, 2)}\n`);
  const config = join(SRC, name, 'config.json');
  if (existsSync(config)) copyFileSync(config, join(dir, 'config.json'));
  console.log(`  ${name.padEnd(10)} ${(statSync(join(dir, 'index.js')).size / 1024).toFixed(1)} KB`);
}
// Marks a complete build (npm start rebuilds only when a source is newer than this).
writeFileSync(join(OUT, '.built'), `${new Date().toISOString()}\n`);
console.log(`bundled ${names.length} cloud functions into ${OUT}/`);
