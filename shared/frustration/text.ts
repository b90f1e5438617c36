/**
 * What a visitor's own words say about how it is going (FORMAT.md section 4):
 * anger, impatience and thanks (a request for a person is the server's acts
 * model's reading, server/engine/acts.ts; a repeated need is in shared/acts/repeat.ts). Plain functions over text: the widget's detector runs
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
