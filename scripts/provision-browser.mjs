// Finds (or, on Debian/Ubuntu, installs) the Chromium the browser tests drive, plus a CJK font so
// screenshots show Chinese instead of boxes. Writes the browser's path to .cache/browser.json, which
// test/e2e/localCloud.ts reads. Run by `npm test`; with everything present it makes no apt call.
import { spawnSync } from 'node:child_process';
import { accessSync, constants, mkdirSync, writeFileSync } from 'node:fs';
import { delimiter, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const cacheFile = join(root, '.cache', 'browser.json');

const isExecutable = (p) => {
  try {
    accessSync(p, constants.X_OK);
    return true;
  } catch {
    return false;
  }
};

/** Stops `npm test` with one line saying what to do. */
function giveUp(line) {
  console.error(`provision-browser: ${line}`);
  process.exit(1);
}

function onPath(name) {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (dir && isExecutable(join(dir, name))) return join(dir, name);
  }
  return null;
}

function findBrowser() {
  const fixed =
    process.platform === 'darwin'
      ? ['/Applications/Google Chrome.app/Contents/MacOS/Google Chrome', '/Applications/Chromium.app/Contents/MacOS/Chromium']
      : ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable'];
  const found = fixed.find(isExecutable);
  if (found) return found;
  if (process.platform === 'darwin') return null;
  for (const name of ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable']) {
    const p = onPath(name);
    if (p) return p;
  }
  return null;
}

function hasCjkFont() {
  if (process.platform !== 'linux') return true; // macOS and Windows ship CJK fonts
  const r = spawnSync('fc-list', [':lang=zh', 'family'], { encoding: 'utf8' });
  return r.status === 0 && r.stdout.trim().length > 0;
}

/** The command prefix that runs apt-get as root, or null when that is not possible without a prompt. */
function aptRunner() {
  if (process.platform !== 'linux' || !onPath('apt-get')) return null;
  if (process.getuid?.() === 0) return [];
  if (onPath('sudo') && spawnSync('sudo', ['-n', 'true'], { stdio: 'ignore' }).status === 0) return ['sudo', '-n'];
  return null;
}

function apt(prefix, args) {
  // sudo drops DEBIAN_FRONTEND from the environment, so it goes on the command line through env.
  const cmd = [...prefix, 'env', 'DEBIAN_FRONTEND=noninteractive', 'apt-get', ...args];
  // dpkg ignores -qq: keep its chatter, and show it only when something failed.
  const r = spawnSync(cmd[0], cmd.slice(1), { stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0) console.error(`${r.stdout ?? ''}${r.stderr ?? ''}`.trim().split('\n').slice(-20).join('\n'));
  return r.status === 0;
}

/** Debian calls it `chromium`; Ubuntu only has `chromium-browser`. */
function chromiumPackage() {
  for (const name of ['chromium', 'chromium-browser']) {
    const r = spawnSync('apt-cache', ['policy', name], { encoding: 'utf8' });
    if (r.status === 0 && /Candidate: (?!\(none\))/.test(r.stdout)) return name;
  }
  return null;
}

function install(prefix, wantBrowser, wantFont) {
  console.log(`provision-browser: installing ${[wantBrowser && 'Chromium', wantFont && 'a CJK font'].filter(Boolean).join(' and ')} with apt-get…`);
  if (!apt(prefix, ['update', '-qq'])) return false;
  const packages = [];
  if (wantBrowser) {
    const name = chromiumPackage();
    if (!name) return false;
    packages.push(name);
  }
  if (wantFont) packages.push('fonts-wqy-microhei');
  return apt(prefix, ['install', '-y', '-qq', '--no-install-recommends', ...packages]);
}

function main() {
  const explicit = process.env.CHROMIUM_PATH;
  let browser = null;
  if (explicit) {
    if (!isExecutable(explicit)) giveUp(`CHROMIUM_PATH=${explicit} is not an executable: point it at Chromium or Chrome, or unset it.`);
    browser = explicit;
  } else {
    browser = findBrowser();
  }
  const fontOk = hasCjkFont();
  if (!browser || !fontOk) {
    const prefix = aptRunner();
    if (prefix) {
      const installed = install(prefix, !browser, !fontOk);
      if (!browser) {
        browser = installed ? findBrowser() : null;
        if (!browser) giveUp('apt-get could not install Chromium: run `apt-get install -y chromium fonts-wqy-microhei`, or set CHROMIUM_PATH to a Chromium or Chrome binary.');
      } else if (!installed) {
        console.warn('provision-browser: could not install fonts-wqy-microhei; screenshots will show boxes for Chinese text.');
      }
    } else if (!browser) {
      giveUp(
        process.platform === 'darwin'
          ? 'no Chrome found: install Google Chrome (/Applications/Google Chrome.app) or set CHROMIUM_PATH.'
          : 'no Chromium found and no root/sudo for apt-get: run `sudo apt-get install -y chromium fonts-wqy-microhei` (or install Chromium/Chrome), or set CHROMIUM_PATH.',
      );
    } else {
      console.warn('provision-browser: no CJK font (install fonts-wqy-microhei); screenshots will show boxes for Chinese text.');
    }
  }
  mkdirSync(dirname(cacheFile), { recursive: true });
  writeFileSync(cacheFile, `${JSON.stringify({ executablePath: browser }, null, 2)}\n`);
  console.log(`provision-browser: using ${browser}`);
}

main();
