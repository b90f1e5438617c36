import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { verifyPassword } from '../auth/password.ts';
import { ROOT } from '../paths.ts';

const run = promisify(execFile);

async function hashCmd(...args: string[]) {
  try {
    const { stdout, stderr } = await run(process.execPath, [join(import.meta.dirname, 'hash-password.ts'), ...args]);
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('npm run hash-password', () => {
  it('is the npm script that its usage line and the config error name', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(pkg.scripts['hash-password']).toMatch(/(?:^|&& )node server\/cli\/hash-password\.ts$/);
  });

  it('prints one hash of the password that verifies, and nothing else', async () => {
    const { code, stdout, stderr } = await hashCmd('a password with spaces');
    expect(code).toBe(0);
    expect(stderr).toBe('');
    expect(stdout).toMatch(/^scrypt\$[^\n]+\n$/);
    expect(await verifyPassword('a password with spaces', stdout.trim())).toBe(true);
    expect(await verifyPassword('another password', stdout.trim())).toBe(false);
  });

  it('without a password prints its usage line and exits 2', async () => {
    const { code, stdout, stderr } = await hashCmd();
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toBe('usage: npm run hash-password -- "<password>"\n');
  });
});
