import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';

const writeConfig = (data: unknown) => {
  const file = join(mkdtempSync(join(tmpdir(), 'baton-config-')), 'baton.json');
  writeFileSync(file, typeof data === 'string' ? data : JSON.stringify(data));
  return file;
};

describe('loadConfig', () => {
  it('defaults to the demo site allowing localhost and 127.0.0.1 on PORT', () => {
    const config = loadConfig({ PORT: '9000' });
    expect(config.port).toBe(9000);
    expect(config.sites).toMatchObject([{ id: 'demo', allowedOrigins: ['http://localhost:9000', 'http://127.0.0.1:9000'] }]);
    expect(config.demoAgent).toMatchObject({ email: 'agent@demo.baton' });
  });

  it('refuses a bad PORT naming the variable', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(new ConfigError('PORT: must be an integer from 0 to 65535, got "eighty"'));
  });

  it('names the field of a bad origin in the config file', () => {
    const file = writeConfig({ sites: [{ id: 'shop', allowedOrigins: ['https://shop.example.com/'], kb: 'kb' }] });
    expect(() => loadConfig({ BATON_CONFIG: file })).toThrow(/sites\.0\.allowedOrigins\.0: must be an exact origin/);
  });

  it('refuses a plain password where a hash belongs', () => {
    const file = writeConfig({ agents: [{ id: 'ana', name: 'Ana', email: 'ana@example.com', passwordHash: 'hunter2' }] });
    expect(() => loadConfig({ BATON_CONFIG: file })).toThrow(/agents\.0\.passwordHash: must be a scrypt hash/);
  });

  it('refuses unknown keys and malformed JSON', () => {
    expect(() => loadConfig({ BATON_CONFIG: writeConfig({ sitez: [] }) })).toThrow(/sitez/);
    expect(() => loadConfig({ BATON_CONFIG: writeConfig('{oops') })).toThrow(ConfigError);
  });

  it('resolves a site knowledge base and policy relative to the config file', () => {
    const file = writeConfig({ sites: [{ id: 'shop', allowedOrigins: ['https://shop.example.com'], kb: 'kb', policy: 'policy.json' }] });
    expect(loadConfig({ BATON_CONFIG: file }).sites[0]).toMatchObject({ kb: join(file, '..', 'kb'), policy: join(file, '..', 'policy.json') });
  });
});
