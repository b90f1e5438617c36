/**
 * Imports run one way (ARCHITECTURE.md, "Rooms"): every program imports
 * shared/; the two front ends also import client/; no program imports another
 * program's room. And the server reads its limits from its config object only.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..');

/** Which rooms each room may import from (its own included). */
const MAY_IMPORT: Record<string, readonly string[]> = {
  shared: ['shared'],
  client: ['client', 'shared'],
  widget: ['widget', 'client', 'shared'],
  console: ['console', 'client', 'shared'],
  server: ['server', 'shared'],
};

interface Source {
  path: string;
  text: string;
}

const SPECIFIER = /(?:\bfrom\s*|\bimport\s*\(?\s*)['"]([^'"]+)['"]/g;

/** Every import of a file in a room that points into a room it may not import from, as "from -> to". */
export function crossings(files: readonly Source[]): string[] {
  const out: string[] = [];
  for (const { path, text } of files) {
    const room = path.split('/')[0] ?? '';
    const allowed = MAY_IMPORT[room];
    if (!allowed) continue;
    for (const [, spec] of text.matchAll(SPECIFIER)) {
      if (!spec?.startsWith('.')) continue;
      const target = normalize(join(dirname(path), spec));
      const into = target.split('/')[0] ?? '';
      if (into in MAY_IMPORT && !allowed.includes(into)) out.push(`${path} -> ${target}`);
    }
  }
  return out;
}

/** Server files (tests aside) that import LIMITS themselves instead of reading config.limits. */
export function limitsOutsideConfig(files: readonly Source[]): string[] {
  return files
    .filter(({ path }) => path.startsWith('server/') && path !== 'server/config.ts' && !path.endsWith('.test.ts'))
    .filter(({ text }) => /import\s*\{[^}]*\bLIMITS\b[^}]*\}\s*from\s*['"][./]*shared\/limits\.ts['"]/.test(text))
    .map(({ path }) => path);
}

function tracked(): Source[] {
  const paths = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '*.ts', '*.tsx'], { cwd: ROOT, encoding: 'utf8' })
    .split('\n')
    .filter(Boolean);
  return paths.flatMap((path) => {
    try {
      return [{ path, text: readFileSync(join(ROOT, path), 'utf8') }];
    } catch {
      return []; // deleted in the work tree, not yet in the index
    }
  });
}

describe('rooms', () => {
  it('finds an import that crosses rooms the wrong way, and allows the ways that are right', () => {
    const files = [
      { path: 'server/handoff/x.ts', text: "import { createDetector } from '../../widget/detector/detector.ts';" },
      { path: 'console/y.tsx', text: "import { RichText } from '../widget/app/rich-text.tsx';\nimport { linkify } from '../client/links.ts';" },
      { path: 'shared/z.ts', text: "import type { Config } from '../server/config.ts';" },
      { path: 'client/w.ts', text: "const lazy = () => import('../console/store.ts');" },
      { path: 'widget/v.ts', text: "import { mergeEntry } from '../client/entries.ts';\nimport { LIMITS } from '../shared/limits.ts';" },
    ];
    expect(crossings(files)).toEqual([
      'server/handoff/x.ts -> widget/detector/detector.ts',
      'console/y.tsx -> widget/app/rich-text.tsx',
      'shared/z.ts -> server/config.ts',
      'client/w.ts -> console/store.ts',
    ]);
  });

  it('holds in this tree: server/ and console/ import nothing from widget/, shared/ nothing from any program', () => {
    expect(crossings(tracked())).toEqual([]);
  });

  it('keeps the server on config.limits: only server/config.ts imports LIMITS', () => {
    expect(limitsOutsideConfig([{ path: 'server/gateway/follow.ts', text: "import { LIMITS } from '../../shared/limits.ts';" }])).toEqual(['server/gateway/follow.ts']);
    expect(limitsOutsideConfig(tracked())).toEqual([]);
  });
});
