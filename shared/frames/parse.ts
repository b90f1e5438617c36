/**
 * Turn one raw text frame into a typed frame or a precise refusal. Used by the
 * server for client frames and by the clients for server frames.
 */
import * as v from 'valibot';
import type { ErrorCode } from '../codes.ts';

export type ParseResult<F> = { ok: true; frame: F } | { ok: false; code: ErrorCode; message: string; ref?: string };

type SchemaMap = Record<string, v.GenericSchema>;
type FrameOf<M extends SchemaMap> = { [K in keyof M]: v.InferOutput<M[K]> }[keyof M];

export function parseFrame<M extends SchemaMap>(raw: string, schemas: M): ParseResult<FrameOf<M>> {
  let data: unknown;
  try {
    data = JSON.parse(raw);
  } catch {
    return { ok: false, code: 'bad_frame', message: 'frame is not valid JSON' };
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    return { ok: false, code: 'bad_frame', message: 'frame must be a JSON object' };
  }
  const type = (data as { type?: unknown }).type;
  if (typeof type !== 'string') return { ok: false, code: 'bad_frame', message: 'frame has no string "type"' };
  const schema = Object.hasOwn(schemas, type) ? schemas[type] : undefined;
  if (!schema) return { ok: false, code: 'unknown_type', message: `unknown frame type "${type.slice(0, 40)}"`, ref: type.slice(0, 40) };
  const result = v.safeParse(schema, data);
  if (result.success) return { ok: true, frame: result.output as FrameOf<M> };
  const issue = result.issues[0];
  const path = v.getDotPath(issue) ?? '(frame)';
  const id = (data as { id?: unknown }).id;
  const ref = typeof id === 'string' ? id.slice(0, 64) : type;
  const code: ErrorCode = path === 'text' && issue.type === 'max_length' ? 'too_long' : 'bad_frame';
  return { ok: false, code, message: `${type}.${path}: ${issue.message}`, ref };
}
