/** Tokenising shared by retrieval and matching: lower case, stop words out, a light stem. */
import { concepts, foldSpelling } from './lexicon.ts';
const STOP = new Set(
  'a an and are as at be been but by can could do does did for from had has have how i if in into is it its me my of on or our so that the their them then there these they this to was we were what when where which who why will with would you your yours am im ive id dont doesnt cant please hi hello thanks just get got about any some than too very also should shall may might must one long take took much many need want know tell like'.split(
    ' ',
  ),
);

export function stem(word: string): string {
  if (word.length > 5 && word.endsWith('ing')) return word.slice(0, -3);
  if (word.length > 4 && word.endsWith('ies')) return word.slice(0, -3) + 'y';
  if (word.length > 4 && word.endsWith('ed')) return word.slice(0, -2);
  if (word.length > 3 && word.endsWith('s') && !word.endsWith('ss')) return word.slice(0, -1);
  return word;
}

export function words(text: string): string[] {
  return text
    .toLowerCase()
    .replace(/['’]/g, '')
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
}

/** Content terms: stop words out, spelling folded, stemmed, plus the concepts the words express (lexicon.ts). */
export function terms(text: string): readonly string[] {
  // One message is tokenised by several readers (retrieval, intents, grader): keep the last few.
  let found = recent.get(text);
  if (!found) {
    if (recent.size >= RECENT_LIMIT) recent.clear();
    found = Object.freeze(tokenise(text));
    recent.set(text, found);
  }
  return found;
}

const RECENT_LIMIT = 512;
const recent = new Map<string, readonly string[]>();

function tokenise(text: string): string[] {
  const all = words(text);
  const own = all.filter((w) => !STOP.has(w)).map((w) => stem(foldSpelling(w)));
  const extra = concepts(all).filter((c) => !own.includes(c));
  return extra.length > 0 ? own.concat(extra) : own;
}
