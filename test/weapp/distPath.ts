import fs from 'fs';
import path from 'path';

export const DIST = path.resolve(__dirname, '../../dist');

/** The weapp build is an input of these tests: fail loudly (never skip) when it is missing. */
export function requireDist(): string {
  const marker = path.join(DIST, 'app.js');
  if (!fs.existsSync(marker) || !fs.existsSync(path.join(DIST, 'pages/card/index.js'))) {
    throw new Error(`The weapp build is missing (${marker}). Run \`npm run build:weapp\` first (npm test does it for you).`);
  }
  return DIST;
}
