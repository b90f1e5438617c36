/** Where the project's files are, whether running from source (server/) or from dist/node/server/. */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

function findRoot(start: string): string {
  let dir = start;
  for (;;) {
    const manifest = join(dir, 'package.json');
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, 'utf8')) as { name?: string }).name === 'baton') return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`cannot find the baton package root above ${start}`);
    dir = parent;
  }
}

export const ROOT = findRoot(dirname(fileURLToPath(import.meta.url)));
export const PUBLIC_DIR = join(ROOT, 'dist', 'public');
export const DEMO_DIR = join(ROOT, 'demo');
