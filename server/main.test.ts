import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ROOT } from './paths.ts';

const run = promisify(execFile);

/** This process's environment without Baton's or the model's settings, plus `extra`: a developer's own must not reach the server. */
function envWith(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('OPENAI_') && !name.startsWith('BATON_')));
  return { ...env, ...extra };
}

describe('npm start on a port in use', () => {
  let dir: string;
  let holder: Server;
  let port: number;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'baton-main-'));
    holder = createServer();
    await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', resolve));
    const address = holder.address();
    if (address === null || typeof address === 'string') throw new Error('the holder has no port');
    port = address.port;
  });
  afterEach(async () => {
    await new Promise((resolve) => holder.close(resolve));
    rmSync(dir, { recursive: true, force: true });
  });

  it('says in one line which port and that PORT chooses another, and exits 2', async () => {
    // Log level error: a clone not built yet logs a 'widget not built' warning first, which is not what this checks.
    const env = envWith({ PORT: String(port), HOST: '127.0.0.1', BATON_DB: join(dir, 'baton.db'), BATON_LOG_LEVEL: 'error' });
    // The timeout fails the test rather than hang it, should anything opened before listening keep the process up.
    const result = await run(process.execPath, [join(ROOT, 'server', 'main.ts')], { cwd: ROOT, env, timeout: 10_000 }).then(
      ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
      (error: { code: number | null; stdout: string; stderr: string }) => error,
    );
    expect(result.stderr).toBe(`baton: port ${port} is in use; set PORT to another port (PORT=${port + 1} npm start)\n`);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
  });
});
