/**
 * The offline draft: quote the best section and say how strong the retrieval
 * behind it was. No AI account needed.
 */
import type { Hit } from './retrieve.ts';

/** Confidence from retrieval alone: strong matches that cover the question score high. */
export function retrievalConfidence(hit: Hit): number {
  const strength = 1 - Math.exp(-hit.score / 4);
  return Math.round((0.5 * hit.coverage + 0.5 * strength) * 1000) / 1000;
}

/** The first paragraphs of a section, cut at a sentence or line end within the limit. */
export function excerpt(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max);
  const end = Math.max(cut.lastIndexOf('\n'), cut.lastIndexOf('. '));
  return (end > max / 3 ? cut.slice(0, end + 1) : cut).trim() + ' …';
}
