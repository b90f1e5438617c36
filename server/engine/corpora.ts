/**
 * The built-in corpora the trained models learn from (server/engine/corpora/,
 * written for them, never from an evaluation set): conversation acts, and
 * messages out of any support desk's scope. Read once, checked line by line.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as v from 'valibot';
import { ROOT } from '../paths.ts';
import { ACTS, type Act } from '../../shared/acts/acts.ts';

export const CORPORA_DIR = join(ROOT, 'server', 'engine', 'corpora');
/** Every acts-*.jsonl file, in name order (a new file of examples needs no code change). */
export const actFiles = (): string[] => readdirSync(CORPORA_DIR).filter((f) => /^acts-[\w-]+\.jsonl$/.test(f)).sort();
export const OUT_OF_SCOPE_FILE = 'out-of-scope.jsonl';

const ActLine = v.strictObject({ text: v.pipe(v.string(), v.minLength(1)), act: v.picklist([...ACTS, 'none']) });
const TextLine = v.strictObject({ text: v.pipe(v.string(), v.minLength(1)) });

function readLines<T>(file: string, schema: v.GenericSchema<unknown, T>): T[] {
  const path = join(CORPORA_DIR, file);
  return readFileSync(path, 'utf8')
    .split('\n')
    .flatMap((line, i) => {
      if (!line.trim()) return [];
      const parsed = v.safeParse(schema, JSON.parse(line));
      if (!parsed.success) throw new Error(`${path}:${i + 1}: ${parsed.issues[0].message}`);
      return [parsed.output];
    });
}

let acts: { text: string; act: Act | 'none' }[] | undefined;
let outOfScope: string[] | undefined;

export function actCorpus(): readonly { text: string; act: Act | 'none' }[] {
  return (acts ??= actFiles().flatMap((f) => readLines(f, ActLine)));
}

export function outOfScopeCorpus(): readonly string[] {
  return (outOfScope ??= readLines(OUT_OF_SCOPE_FILE, TextLine).map((l) => l.text));
}
