/**
 * Reading labelled data (FORMAT.md sections 3 and 4): JSON Lines, each line
 * checked against its schema; a bad line is an error naming the file and line.
 */
import { readFileSync } from 'node:fs';
import * as v from 'valibot';
import { ROUTES, SAFETY_CATEGORIES } from '../../shared/codes.ts';
import { BatonError } from '../../shared/errors.ts';
import { WidgetEventSchema } from '../../shared/frames/telemetry.ts';

const Turn = v.object({ role: v.picklist(['user', 'assistant']), text: v.string() });

export const RoutingCase = v.object({
  id: v.string(),
  messages: v.pipe(
    v.array(Turn),
    v.minLength(1, 'needs at least one message'),
    v.check((m) => m.at(-1)?.role === 'user', 'the last message must be the visitor\'s (role "user")'),
  ),
  expect: v.object({
    route: v.picklist(ROUTES),
    intent: v.optional(v.nullable(v.string())),
    answerable: v.optional(v.boolean()),
    article: v.optional(v.string()),
    flags: v.optional(v.array(v.picklist(SAFETY_CATEGORIES))),
  }),
});
export type RoutingCaseT = v.InferOutput<typeof RoutingCase>;

export function readJsonLines<S extends v.GenericSchema>(file: string, schema: S): v.InferOutput<S>[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new BatonError('bad_input', `${file}: cannot read: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  const out: v.InferOutput<S>[] = [];
  const ids = new Set<string>();
  for (const [i, line] of text.split('\n').entries()) {
    if (line.trim() === '') continue;
    let data: unknown;
    try {
      data = JSON.parse(line);
    } catch (error) {
      throw new BatonError('bad_input', `${file}:${i + 1}: not valid JSON: ${(error as Error).message}`);
    }
    const result = v.safeParse(schema, data);
    if (!result.success) {
      const issue = result.issues[0];
      throw new BatonError('bad_input', `${file}:${i + 1}: ${v.getDotPath(issue) ?? '(line)'}: ${issue.message}`);
    }
    const id = (result.output as { id?: unknown }).id;
    if (typeof id === 'string') {
      if (ids.has(id)) throw new BatonError('bad_input', `${file}:${i + 1}: id "${id}" appears twice`);
      ids.add(id);
    }
    out.push(result.output);
  }
  if (out.length === 0) throw new BatonError('bad_input', `${file}: no cases`);
  return out;
}

export const TraceCase = v.object({
  id: v.string(),
  events: v.pipe(v.array(WidgetEventSchema), v.minLength(1, 'needs at least one event')),
  expect: v.optional(v.object({ frustrated: v.optional(v.boolean()), abandoned: v.optional(v.boolean()) })),
});
export type TraceCaseT = v.InferOutput<typeof TraceCase>;
