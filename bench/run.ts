/**
 * `npm run bench` runs the engine benchmarks (routing, then the trained
 * models); `npm run bench -- load` runs the load benchmark instead. Each in its
 * own process, so one's heap and JIT state do not colour the next's figures.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const here = (name: string) => fileURLToPath(new URL(`./${name}`, import.meta.url));
const args = process.argv.slice(2);
const runs: string[][] = args[0] === 'load' ? [[here('load.ts'), ...args.slice(1)]] : [[here('routing.ts'), ...args], ['--expose-gc', here('intents.ts')]];
for (const run of runs) {
  const result = spawnSync(process.execPath, run, { stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}
