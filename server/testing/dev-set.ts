/**
 * The development set, ../shared/eval/dev beside the project: CI has it, a
 * clone on its own does not. The checks measured on it skip without it and
 * say so, rather than fail on a missing file or pass on a different measure.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from '../paths.ts';

export const DEV_SET = join(ROOT, '..', 'shared', 'eval', 'dev');

/** Whether the dev set is there; when it is not, one line says which checks skip (call once, at module load). */
export function hasDevSet(checks: string): boolean {
  if (existsSync(DEV_SET)) return true;
  console.warn(`skipping ${checks}: ../shared/eval/dev is not beside the project (CI has it)`);
  return false;
}
