import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BatonError } from '../shared/errors.ts';
import { LIMITS } from '../shared/limits.ts';
import { DEFAULT_LIMITS, DEFAULT_LLM_BASE_URL, DEFAULT_LLM_MODEL, DEFAULT_LLM_TIMEOUT_MS, loadConfig, loadLlmConfig } from './config.ts';

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
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(new BatonError('bad_config', 'PORT: must be an integer from 0 to 65535, got "eighty"'));
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
    expect(() => loadConfig({ BATON_CONFIG: writeConfig('{oops') })).toThrow(BatonError);
  });

  it('resolves a site knowledge base and policy relative to the config file', () => {
    const file = writeConfig({ sites: [{ id: 'shop', allowedOrigins: ['https://shop.example.com'], kb: 'kb', policy: 'policy.json' }] });
    expect(loadConfig({ BATON_CONFIG: file }).sites[0]).toMatchObject({ kb: join(file, '..', 'kb'), policy: join(file, '..', 'policy.json') });
  });

  describe('limits', () => {
    it('are the protocol limits and the server timers by default', () => {
      const { limits } = loadConfig({});
      expect(limits).toEqual(DEFAULT_LIMITS);
      expect(limits).toMatchObject({ ...LIMITS, pingIntervalMs: 30_000, queueLimit: 200, recentBotMs: 1_800_000, httpBodyBytes: 16_384, webhookMaxAttempts: 6 });
    });

    it('take what a file sets: protocol limits lowered, server ones within their range; the rest stay', () => {
      const file = writeConfig({ limits: { maxMessageChars: 500, resumeBatch: 100, queueLimit: 50, pingIntervalMs: 5_000, webhookMaxAttempts: 3 } });
      const { limits } = loadConfig({ BATON_CONFIG: file });
      expect(limits).toEqual({ ...DEFAULT_LIMITS, maxMessageChars: 500, resumeBatch: 100, queueLimit: 50, pingIntervalMs: 5_000, webhookMaxAttempts: 3 });
    });

    it('refuse raising a protocol limit, a value out of range, and a limit the file may not set, naming the field', () => {
      expect(() => loadConfig({ BATON_CONFIG: writeConfig({ limits: { maxMessageChars: 5000 } }) })).toThrow(/limits\.maxMessageChars: may only be lowered: at most 2000/);
      expect(() => loadConfig({ BATON_CONFIG: writeConfig({ limits: { queueLimit: 0 } }) })).toThrow(/limits\.queueLimit/);
      expect(() => loadConfig({ BATON_CONFIG: writeConfig({ limits: { typingTtlMs: 1000 } }) })).toThrow(/typingTtlMs/);
    });
  });

  describe('the LLM endpoint', () => {
    it('is off without OPENAI_API_KEY (an empty one too): the offline assistant', () => {
      expect(loadConfig({}).llm).toBeNull();
      expect(loadConfig({ OPENAI_API_KEY: '' }).llm).toBeNull();
    });

    it('is on with a key, with defaults for the rest', () => {
      expect(loadConfig({ OPENAI_API_KEY: 'sk-abc' }).llm).toEqual({
        apiKey: 'sk-abc',
        baseURL: DEFAULT_LLM_BASE_URL,
        model: DEFAULT_LLM_MODEL,
        timeoutMs: DEFAULT_LLM_TIMEOUT_MS,
        logprobs: true,
      });
    });

    it('takes a base URL (trailing slash dropped), a model and a timeout', () => {
      const env = { OPENAI_API_KEY: 'local', OPENAI_BASE_URL: 'http://127.0.0.1:11434/v1/', OPENAI_MODEL: 'llama3.1:8b', OPENAI_TIMEOUT_MS: '800' };
      expect(loadConfig(env).llm).toEqual({ apiKey: 'local', baseURL: 'http://127.0.0.1:11434/v1', model: 'llama3.1:8b', timeoutMs: 800, logprobs: true });
    });

    it('asks for logprobs unless OPENAI_LOGPROBS is 0 (an endpoint that refuses them)', () => {
      const key = { OPENAI_API_KEY: 'sk-abc' };
      expect(loadConfig({ ...key, OPENAI_LOGPROBS: '0' }).llm).toMatchObject({ logprobs: false });
      expect(loadConfig({ ...key, OPENAI_LOGPROBS: '1' }).llm).toMatchObject({ logprobs: true });
      expect(loadConfig({ ...key, OPENAI_LOGPROBS: '' }).llm).toMatchObject({ logprobs: true });
      expect(() => loadConfig({ ...key, OPENAI_LOGPROBS: 'false' })).toThrow(
        new BatonError('bad_config', 'OPENAI_LOGPROBS: must be 1 or 0 (0 for an endpoint that refuses the logprobs parameter), got "false"'),
      );
      expect(() => loadConfig({ ...key, OPENAI_LOGPROBS: 'yes' })).toThrow(/^OPENAI_LOGPROBS: must be 1 or 0/);
    });

    it('reads the endpoint alone for the eval, without the server settings', () => {
      // A BATON_CONFIG that does not exist would stop loadConfig; the eval never reads it.
      const env = { OPENAI_API_KEY: 'sk-abc', OPENAI_LOGPROBS: '0', BATON_CONFIG: '/nonexistent/baton.json' };
      expect(loadLlmConfig(env)).toMatchObject({ apiKey: 'sk-abc', logprobs: false });
      expect(loadLlmConfig({})).toBeNull();
    });

    it('refuses bad values, naming the variable', () => {
      const key = { OPENAI_API_KEY: 'sk-abc' };
      expect(() => loadConfig({ ...key, OPENAI_BASE_URL: 'api.openai.com/v1' })).toThrow(new BatonError('bad_config', `OPENAI_BASE_URL: must be an http(s) URL like ${DEFAULT_LLM_BASE_URL}, got "api.openai.com/v1"`));
      expect(() => loadConfig({ ...key, OPENAI_BASE_URL: 'ftp://example.com/v1' })).toThrow(/^OPENAI_BASE_URL: must be an http\(s\) URL/);
      expect(() => loadConfig({ ...key, OPENAI_TIMEOUT_MS: '5s' })).toThrow(new BatonError('bad_config', 'OPENAI_TIMEOUT_MS: must be an integer from 100 to 600000, got "5s"'));
      expect(() => loadConfig({ ...key, OPENAI_TIMEOUT_MS: '10' })).toThrow(/^OPENAI_TIMEOUT_MS: must be an integer from 100/);
      expect(() => loadConfig({ ...key, OPENAI_MODEL: ' gpt-4.1-mini' })).toThrow(/^OPENAI_MODEL: must be a model name without surrounding spaces/);
      expect(() => loadConfig({ OPENAI_API_KEY: 'sk-abc\n' })).toThrow(/^OPENAI_API_KEY: must not contain spaces or line breaks/);
    });

    it('refuses the other OPENAI_ settings without a key, rather than ignoring them', () => {
      expect(() => loadConfig({ OPENAI_BASE_URL: 'http://127.0.0.1:11434/v1' })).toThrow(/^OPENAI_BASE_URL: set OPENAI_API_KEY too/);
      expect(() => loadConfig({ OPENAI_MODEL: 'gpt-4.1-mini' })).toThrow(/^OPENAI_MODEL: set OPENAI_API_KEY too/);
      expect(() => loadConfig({ OPENAI_LOGPROBS: '0' })).toThrow(/^OPENAI_LOGPROBS: set OPENAI_API_KEY too/);
    });
  });
});
