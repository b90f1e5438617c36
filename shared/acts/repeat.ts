/**
 * The same need asked again: the one definition behind the widget's
 * `repeat_question` signal and the router's `repeat_unresolved`.
 *
 * A repeat is the same need, not the same question form. "How long does
 * standard delivery take?" and "How long does a refund take?" share their
 * form and ask about different things; "How much does express delivery cost?"
 * and "How long does express delivery take?" share their topic and want
 * different answers. So two questions are the same need when
 * - they want the same kind of answer, where both say (a price, a time, a reason), and
 * - what they are about (their topic words, the form's words left out) is the
 *   same: every topic word of the shorter stands in the longer, and at least
 *   two do (or both say just the one word); or, reworded, at least two topic
 *   words are shared and neither message swaps a thing for another (a word
 *   of its own right before a shared one on both sides: "express delivery",
 *   "standard delivery"; "delivery address", "email address"). A few
 *   everyday verbs of the same act count as one ("change", "move", "update";
 *   "cancel", "stop", "close").
 *
 * General English in short lists: every byte here ships in the widget.
 */

/** Words that carry the question's form, not its topic (and words too common to tell needs apart). */
const FORM = new Set(
  (
    'the and for but not you your our its any some this that these those there here with from about into onto over off ' +
    'are was were been can could would should will does did have has had get got let make how what when where which who why ' +
    'just still again also then than too very really even ever actually please pls yet now need want know tell help thing ' +
    'much many long take cost price fee time day dont cant wont isnt didnt doesnt hasnt havent arent wasnt'
  ).split(' '),
);

/** The kind of answer a question wants, when it says: a price, a time or duration, a reason (1-based; 0 says nothing). */
const WANTS = [/how much|\b(?:cost|price|fee|charge)/, /how long|how soon|\bwhen\b|what (?:day|time)/, /\bwhy\b/];
const wants = (text: string) => WANTS.findIndex((re) => re.test(text)) + 1;

/** Plural, -ing, -ed and a final -e trimmed, so "change", "changed" and "changing" are one word. */
const stem = (w: string) => w.replace(/(?<=...)(?:ing|ed|es|e|s)$/, '');
/** Everyday verbs of one act, each read as the first of its group. */
const ACTS = ['change move update edit modify switch alter amend swap', 'cancel stop end terminate close'].map((g) => g.split(' ').map(stem));
const act = (w: string) => ACTS.find((g) => g.includes(w))?.[0] ?? w;

/** Each word of the text in order: its topic form, or null for a form word or one under three letters. */
function tokens(text: string): (string | null)[] {
  return (text.toLowerCase().replace(/['’]/g, '').match(/[a-z0-9]+/g) ?? []).map((w) => (w.length < 3 || FORM.has(w) ? null : act(stem(w))));
}

/** Topic words: three letters or more, lower case, form words out, endings trimmed, everyday verbs grouped. */
export function topicWords(text: string): string[] {
  return [...new Set(tokens(text).filter((w) => w !== null))];
}

/** A word matches one that begins with it ("scan", "scanner"; "deliver", "delivery"). */
const matches = (w: string, words: readonly string[]) => words.some((v) => v.startsWith(w) || w.startsWith(v));

/** A word of its own right before a shared one: the thing named is another ("express delivery" against "standard delivery"). */
function swaps(said: readonly (string | null)[], other: readonly string[]): boolean {
  return said.some((w, i) => {
    const next = said[i + 1];
    return w !== null && next != null && !matches(w, other) && matches(next, other);
  });
}

export function sameNeed(a: string, b: string): boolean {
  const x = a.trim().toLowerCase();
  const y = b.trim().toLowerCase();
  // Word for word counts, however short the words ("can I use klarna to pay").
  if (x.length >= 10 && x === y) return true;
  const wa = wants(x);
  const wb = wants(y);
  if (wa && wb && wa !== wb) return false;
  const [tx, ty] = [tokens(x), tokens(y)];
  const [topicsX, topicsY] = [topicWords(x), topicWords(y)];
  const [small, large] = [topicsX, topicsY].sort((p, q) => p.length - q.length) as [string[], string[]];
  if (small.length === 0) return false;
  const shared = small.filter((w) => matches(w, large)).length;
  if (shared === small.length) return small.length >= 2 || large.length === 1;
  return shared >= 2 && !(swaps(tx, topicsY) && swaps(ty, topicsX));
}

/** A turn as the router reads it. */
export interface SaidTurn {
  role: 'user' | 'assistant';
  text: string;
}

/** The visitor asks again what the assistant's last reply answered: the same need, with that reply between. */
export function repeatsUnresolved(turns: readonly SaidTurn[]): boolean {
  const last = turns.at(-1);
  if (!last || last.role !== 'user') return false;
  const replied = turns.slice(0, -1).findLastIndex((t) => t.role === 'assistant');
  if (replied < 0) return false;
  const earlier = turns.slice(0, replied).findLast((t) => t.role === 'user');
  return earlier !== undefined && sameNeed(earlier.text, last.text);
}
