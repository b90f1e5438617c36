import { describe, expect, it } from 'vitest';
import { LIMITS } from '../limits.ts';
import { parseFrame } from './parse.ts';
import { VISITOR_SERVER_FRAMES } from './server.ts';
import { VISITOR_FRAMES } from './visitor.ts';

describe('parseFrame', () => {
  it('returns the typed frame with text trimmed', () => {
    expect(parseFrame('{"type":"message","id":"a1","text":"  hi  "}', VISITOR_FRAMES)).toEqual({
      ok: true,
      frame: { type: 'message', id: 'a1', text: 'hi' },
    });
  });

  it.each([
    ['not JSON', '{', 'bad_frame'],
    ['an array', '[1]', 'bad_frame'],
    ['no type', '{"id":"x"}', 'bad_frame'],
    ['an unknown type', '{"type":"nope"}', 'unknown_type'],
    ['a prototype key as type', '{"type":"constructor"}', 'unknown_type'],
    ['a missing field', '{"type":"message","id":"a"}', 'bad_frame'],
  ])('refuses %s', (_label, raw, code) => {
    expect(parseFrame(raw, VISITOR_FRAMES)).toMatchObject({ ok: false, code });
  });

  it('names the field and refers to the client id', () => {
    expect(parseFrame('{"type":"message","id":"a1","text":5}', VISITOR_FRAMES)).toMatchObject({
      ok: false,
      code: 'bad_frame',
      ref: 'a1',
      message: expect.stringMatching(/^message\.text: /),
    });
  });

  it('tells an over-long text apart as too_long', () => {
    const raw = JSON.stringify({ type: 'message', id: 'a', text: 'x'.repeat(LIMITS.maxMessageChars + 1) });
    expect(parseFrame(raw, VISITOR_FRAMES)).toMatchObject({ ok: false, code: 'too_long' });
  });

  it('checks server frames with the same machinery on the client side', () => {
    expect(parseFrame('{"type":"ack","conversationId":"c1","clientId":"a","messageId":"e1","seq":-1}', VISITOR_SERVER_FRAMES)).toMatchObject({
      ok: false,
      code: 'bad_frame',
    });
  });

  it('reads the streamed-reply frames: a piece, and an end that names the stored seq only when sent', () => {
    const parse = (frame: object) => parseFrame(JSON.stringify(frame), VISITOR_SERVER_FRAMES);
    const base = { conversationId: 'c1', stream: 'r_1' };
    expect(parse({ type: 'reply_delta', ...base, text: ' days' })).toEqual({ ok: true, frame: { type: 'reply_delta', ...base, text: ' days' } });
    expect(parse({ type: 'reply_end', ...base, outcome: 'sent', seq: 4 })).toMatchObject({ ok: true, frame: { outcome: 'sent', seq: 4 } });
    expect(parse({ type: 'reply_end', ...base, outcome: 'withdrawn' })).toMatchObject({ ok: true, frame: { outcome: 'withdrawn' } });
    expect(parse({ type: 'reply_end', ...base, outcome: 'sent' })).toMatchObject({ ok: false, code: 'bad_frame' });
    expect(parse({ type: 'reply_end', ...base, outcome: 'maybe' })).toMatchObject({ ok: false, code: 'bad_frame' });
    expect(parse({ type: 'reply_delta', ...base, stream: '', text: 'x' })).toMatchObject({ ok: false, code: 'bad_frame' });
  });
});
