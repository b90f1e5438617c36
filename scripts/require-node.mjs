/**
 * Run first by the npm scripts. Baton needs the Node that package.json's
 * engines.node names (node:sqlite, running .ts directly); on an older one it
 * fails far from the cause, so this says what is needed in one line and exits 1.
 * Plain JavaScript that Node 18 still parses, or the refusal would not be seen.
 * BATON_NODE_VERSION_FOR_TEST stands in for this Node's version (its test).
 */
import { readFileSync } from 'node:fs';

/** [major, minor, patch] of "22.18.0", "v20.20.2" or "22.18" (a missing part is 0), or null. */
function parts(version) {
  const m = /^v?(\d+)(?:\.(\d+))?(?:\.(\d+))?/.exec(version);
  return m ? [Number(m[1]), Number(m[2] || 0), Number(m[3] || 0)] : null;
}

function older(have, need) {
  for (let i = 0; i < 3; i++) if (have[i] !== need[i]) return have[i] < need[i];
  return false;
}

const fail = (line) => {
  process.stderr.write(`baton: ${line}\n`);
  process.exit(1);
};

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const range = String((pkg.engines && pkg.engines.node) || '').trim();
// Only the one form package.json uses: a range this script cannot read must not pass unchecked.
const min = /^>=\s*(\d+(?:\.\d+){0,2})$/.exec(range);
if (!min) fail(`scripts/require-node.mjs reads engines.node as ">=X.Y.Z", package.json has "${range}"`);

const version = process.env.BATON_NODE_VERSION_FOR_TEST || process.versions.node;
const have = parts(version);
if (!have) fail(`cannot read the Node version "${version}"`);
if (older(have, parts(min[1]))) {
  const needed = min[1].replace(/\.0$/, '');
  // Where npm has a Node build for this platform, it installs without root or a download tool.
  const npmWay =
    process.platform === 'linux'
      ? `, or: npm install --prefix ~/.cache/node24 node-linux-${process.arch}@24 and put ~/.cache/node24/node_modules/node-linux-${process.arch}/bin first on PATH`
      : '';
  fail(`Node >= ${needed} is needed (this is ${version.replace(/^v/, '')}); install Node 24 LTS from nodejs.org${npmWay}`);
}
