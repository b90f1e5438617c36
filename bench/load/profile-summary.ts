/**
 * Summarises a V8 CPU profile (node --cpu-prof) by self time per function and
 * by module, so docs/PERFORMANCE.md can say where a message's time goes.
 *   node bench/load/profile-summary.ts FILE.cpuprofile [top]
 */
import { readFileSync } from 'node:fs';

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}
interface Profile {
  nodes: Node[];
  samples: number[];
  timeDeltas: number[];
}

const [file, top = '25'] = process.argv.slice(2);
if (!file) throw new Error('usage: node bench/load/profile-summary.ts FILE.cpuprofile [top]');
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const self = new Map<number, number>();
profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
const total = [...self.values()].reduce((a, b) => a + b, 0);
const fns = new Map<string, number>();
const modules = new Map<string, number>();
for (const [id, us] of self) {
  const { functionName, url, lineNumber } = byId.get(id)!.callFrame;
  const where = url.replace(/^.*\/(node_modules\/[^/]+|server|shared|client)\//, '$1/') || '(native)';
  fns.set(`${functionName || '(anonymous)'} ${where}:${lineNumber + 1}`, (fns.get(`${functionName || '(anonymous)'} ${where}:${lineNumber + 1}`) ?? 0) + us);
  const module = url.includes('node_modules/') ? url.replace(/^.*node_modules\/([^/]+).*$/, '$1') : url.replace(/^.*\/(server|shared|client)\/(?:([^/]+)\/)?.*$/, '$1/$2') || (functionName.startsWith('(') ? functionName : 'node internals');
  modules.set(module, (modules.get(module) ?? 0) + us);
}
const line = ([name, us]: [string, number]) => `  ${((100 * us) / total).toFixed(1).padStart(5)}%  ${(us / 1000).toFixed(0).padStart(6)} ms  ${name}`;
process.stdout.write(`total ${(total / 1000).toFixed(0)} ms sampled\nby area:\n`);
process.stdout.write([...modules].sort((a, b) => b[1] - a[1]).slice(0, 15).map(line).join('\n') + '\nby function (self time):\n');
process.stdout.write([...fns].sort((a, b) => b[1] - a[1]).slice(0, Number(top)).map(line).join('\n') + '\n');
