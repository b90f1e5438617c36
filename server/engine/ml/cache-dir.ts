/**
 * Where derived files live (the word-vector store, trained models): outside
 * the repository, never committed. BATON_CACHE_DIR, else the user's cache
 * folder (XDG_CACHE_HOME or ~/.cache) under `baton`.
 */
import { homedir } from 'node:os';
import { join } from 'node:path';

export function cacheDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.BATON_CACHE_DIR) return env.BATON_CACHE_DIR;
  return join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'baton');
}
