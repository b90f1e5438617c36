/**
 * No evaluation sentence in code or in a built-in corpus: every run of six
 * words from every evaluation set this checkout can find (our companies, the
 * intent benchmark's test split, our older fixtures, and ../shared/eval when
 * it sits beside the project) is looked for in the engine's source and
 * corpora. A hit is a leak: a figure taken on that set would measure memory.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..');
const RUN = 8;

const words = (text: string) => text.toLowerCase().replace(/['’]/g, '').split(/[^\p{L}\p{N}]+/u).filter(Boolean);

function runs(text: string): string[] {
  const w = words(text);
  const out: string[] = [];
  for (let i = 0; i + RUN <= w.length; i++) out.push(w.slice(i, i + RUN).join(' '));
  return out;
}

function files(dir: string, keep: (path: string) => boolean): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (name === 'node_modules' || name.startsWith('.')) return [];
    return statSync(path).isDirectory() ? files(path, keep) : keep(path) ? [path] : [];
  });
}

/** Every visitor sentence of a routing, traces or intents file (replies in a trace quote the product, not the set). */
export function sentences(file: string): string[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .flatMap((line) => {
      const row = JSON.parse(line) as { text?: string; messages?: { role: string; text: string }[]; events?: { type: string; text?: string }[] };
      const visitor = [...(row.messages ?? []).filter((m) => m.role === 'user'), ...(row.events ?? []).filter((e) => e.type === 'send')];
      return [row.text, ...visitor.map((m) => m.text)].filter((t): t is string => typeof t === 'string');
    });
}

export function evaluationSets(root = ROOT): string[] {
  const sets = [join(root, 'eval', 'companies'), join(root, 'eval', 'frozen'), join(root, 'server', 'eval', 'fixtures'), join(root, 'shared', 'frustration', 'fixtures'), join(root, '..', 'shared', 'eval')];
  return [
    ...sets.flatMap((d) => files(d, (p) => /(routing|traces)[^/]*\.jsonl$/.test(p))),
    ...files(join(root, 'eval', 'benchmark'), (p) => /test\.jsonl$/.test(p)),
  ];
}

function builtIns(root = ROOT): string[] {
  const code = ['server', 'shared', 'client', 'widget', 'console'].flatMap((d) =>
    files(join(root, d), (p) => /\.(ts|tsx)$/.test(p) && !/\.test\.tsx?$/.test(p) && !p.includes(`${join('server', 'eval', 'fixtures')}`)),
  );
  return [...code, ...files(join(root, 'server', 'engine', 'corpora'), (p) => p.endsWith('.jsonl'))];
}

export function evaluationRuns(root = ROOT): Map<string, string> {
  const owner = new Map<string, string>();
  for (const file of evaluationSets(root)) for (const s of sentences(file)) for (const r of runs(s)) owner.set(r, relative(root, file));
  return owner;
}

export { runs };

export function leaks(root = ROOT): string[] {
  const owner = evaluationRuns(root);
  const found: string[] = [];
  for (const file of builtIns(root)) {
    const text = readFileSync(file, 'utf8');
    for (const r of new Set(runs(text))) if (owner.has(r)) found.push(`${relative(root, file)}: "${r}" (from ${owner.get(r)})`);
  }
  return found;
}

describe('evaluation sentences stay out of code and corpora', () => {
  it('finds the sets to check', () => {
    expect(evaluationSets().some((f) => f.includes(join('eval', 'companies')))).toBe(true);
    expect(evaluationSets().some((f) => f.endsWith(join('benchmark', 'test.jsonl')))).toBe(true);
  });

  it('shares no run of eight words with any evaluation set', () => {
    expect(leaks()).toEqual([]);
  });

  it("keeps the intent benchmark's training examples apart from its test lines", () => {
    const test = new Set(sentences(join(ROOT, 'eval', 'benchmark', 'test.jsonl')).flatMap(runs));
    const train = files(join(ROOT, 'eval', 'benchmark'), (p) => p.endsWith('-intents.json')).flatMap((f) =>
      (JSON.parse(readFileSync(f, 'utf8')) as { examples: string[] }[]).flatMap((i) => i.examples),
    );
    expect(train.flatMap(runs).filter((r) => test.has(r))).toEqual([]);
  });
});
