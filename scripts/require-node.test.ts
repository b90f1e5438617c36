import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const SCRIPT = join(import.meta.dirname, 'require-node.mjs');

/** Runs the check as npm does, with `version` standing in for this Node's. */
async function check(version: string) {
  try {
    const { stdout, stderr } = await run(process.execPath, [SCRIPT], { env: { ...process.env, BATON_NODE_VERSION_FOR_TEST: version } });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('scripts/require-node.mjs', () => {
  it('enforces the range package.json names (the lines below quote it)', () => {
    const pkg = JSON.parse(readFileSync(join(import.meta.dirname, '..', 'package.json'), 'utf8')) as { engines: { node: string } };
    expect(pkg.engines.node).toBe('>=22.18.0');
  });

  it('refuses an older Node in one line on stderr that says what is needed and how to get it, exit 1', async () => {
    const { code, stdout, stderr } = await check('20.20.2');
    expect(code).toBe(1);
    expect(stdout).toBe('');
    expect(stderr.split('\n')).toHaveLength(2); // one line and its newline
    expect(stderr).toMatch(/^baton: Node >= 22\.18 is needed \(this is 20\.20\.2\); install Node 24 LTS from nodejs\.org/);
  });

  it.each(['22.17.9', 'v18.20.4', '22.9.0'])('refuses %s', async (version) => {
    expect((await check(version)).code).toBe(1);
  });

  it.each(['22.18.0', '22.18.1', '23.0.0', '24.22.3', 'v26.1.0'])('lets %s through in silence', async (version) => {
    expect(await check(version)).toEqual({ code: 0, stdout: '', stderr: '' });
  });

  it('lets this Node through (the tests run on a supported one)', async () => {
    const env = { ...process.env };
    delete env.BATON_NODE_VERSION_FOR_TEST;
    const { stderr } = await run(process.execPath, [SCRIPT], { env });
    expect(stderr).toBe('');
  });
});
