/**
 * What a visitor's own words say about how it is going (FORMAT.md section 4):
 * anger, impatience, thanks, a request for a person, and whether two messages
 * ask the same thing. Plain functions over text: the widget's detector runs
 * them on what the visitor types and the server runs them again on what
 * arrived, so the client's word is never the only one.
 *
 * General English in short lists: every byte here ships in the widget.
 */

const PROFANITY = /\b(?:f+u*c*k+\w*|\w*shit\w*|crap|wtf|ffs|bollocks|bastards?|a(?:rse|ss)holes?|piss\w*|damn\w*)\b/i;
/** Insults aimed at the assistant or the company, not "stupid question" about oneself. */
const INSULT = /\b(?:idiots?|morons?|(?:stupid|dumb|useless) (?:bot|app|ai|thing)|(?:you|are you|ur)(?:'re| are)? (?:\w+ )?(?:stupid|thick|dumb|brainless|an? idiot|useless|pathetic|incompetent|a joke))\b/i;
const RUN = /[!?]{3,}/;
/** One negative or impatient phrase: a weak signal alone. */
const NEGATIVE =
  /n'?t help|\b(?:useless|unhelpful|not help|no (?:help|use)|not (?:\w+ ){0,3}what i|not the (?:problem|issue)|waste of|pointless|ridiculous|nowhere|still waiting|taking (?:\w+ )?(?:long|ages)|forever|much longer|long(?:er)? (?:is|will) (?:this|it)|hurry|listening|that'?s (?:not|wrong)|already (?:said|told|asked)|answer (?:my|the) question|fed up|sick of|frustrat)/i;
const THANKS = /\b(?:thank\w*|thx|ty|cheers|ta|appreciate\w*|that (?:worked|help\w*))\b/i;
const NOT_THANKS = /for nothing|no,? thank|\bbut\b/i;
/** "talk to someone", "I want a human", "get me an agent", "real person", or a short message that is mostly the word ("no, a HUMAN please", "are you even a human?"). */
const PERSON_REQUEST =
  /\b(?:talk|speak|chat|transfer)(?: me)? (?:to|with)\b.{0,16}\b(?:person|human|agent|someone|representative)\b|\b(?:want|need|get me|asked for) (?:a |an )?(?:real )?(?:person|human|agent)\b|\b(?:real|live) (?:person|human|agent)\b|^\W*(?:\w+\W+){0,3}(?:person|human|agent)\b(?:\W+\w+){0,2}\W*$/i;

/** Capitals: at least 8 letters, most of them capitals, counting only words without digits (codes and order numbers aside). */
export function shouting(text: string): boolean {
  const letters = text.replace(/\S*\d\S*|[^A-Za-z]/g, '');
  return letters.length >= 8 && letters.replace(/[a-z]/g, '').length >= letters.length * 0.6;
}

/** How many kinds of anger the text shows: insults, profanity, mostly capitals, three or more `!`/`?` in a row (0 = none). */
export function angerCues(text: string): number {
  return [PROFANITY.test(text), INSULT.test(text), RUN.test(text), shouting(text)].filter(Boolean).length;
}

/** A negative or impatient phrase ("this is useless", "not what I asked", "still waiting"). */
export function negative(text: string): boolean {
  return NEGATIVE.test(text);
}

/** The visitor thanks or confirms it worked, and neither complains, objects ("thanks but ...") nor asks anything new (no question mark). */
export function acknowledges(text: string): boolean {
  return THANKS.test(text) && !NOT_THANKS.test(text) && !NEGATIVE.test(text) && !text.includes('?');
}

/** Words asking for a person ("can I talk to someone", "I SAID A PERSON", "no, a human please"). */
export function asksForPerson(text: string): boolean {
  return PERSON_REQUEST.test(text);
}

/** Words of four letters or more that carry no topic. */
const STOP = new Set(
  'your does have could would from with about just there this that what which when where dont cant didnt doesnt'.split(' '),
);

/** Content words: four letters or more, lower case, plural and -ing/-ed endings trimmed. */
export function contentWords(text: string): Set<string> {
  const out = new Set<string>();
  for (const w of text.toLowerCase().replace(/['’]/g, '').match(/[a-z0-9]{4,}/g) ?? []) if (!STOP.has(w)) out.add(w.replace(/(?<=...)(?:ing|ed|es|s)$/, ''));
  return out;
}

/** What a question asks for, when it says: a price, a length of time, a time (by index). */
const FOCUS = [/how much|cost|price/, /how long/, /when|what (?:day|time)/];
const focus = (text: string) => FOCUS.findIndex((re) => re.test(text.toLowerCase())) + 1;

/**
 * The same question again: the same words, or mostly the same content words
 * in other wording (a word matches a longer one it begins: "scan", "scanner").
 * Two questions that ask for different things ("how much is delivery" and
 * "how long does delivery take") are not the same, whatever they share.
 */
export function sameQuestion(a: string, b: string): boolean {
  const x = [...contentWords(a)];
  const y = [...contentWords(b)];
  const fa = focus(a);
  const fb = focus(b);
  // Word for word counts, however short the words ("can I use klarna to pay").
  if (a.length >= 10 && a.trim().toLowerCase() === b.trim().toLowerCase()) return true;
  if (x.length === 0 || y.length === 0 || (fa && fb && fa !== fb)) return false;
  const shared = x.filter((w) => y.some((v) => v.startsWith(w) || w.startsWith(v))).length;
  return shared >= 2 && shared / Math.min(x.length, y.length) >= 0.5;
}
