/**
 * A request for a person, in the visitor's words: the one definition the
 * widget's detector (a second ask is a strong frustration signal), the
 * server's replay of the log and the router (`visitor_request`) all use.
 *
 * General English in short lists: every byte here ships in the widget.
 */

/** Who the visitor may ask for. */
const PERSON = /\b(?:human|person|people|agent|representative|rep|operator|someone real|real (?:person|human|someone)|staff|member of (?:staff|the team)|team member|support team|customer service|advisor|adviser|live (?:chat|agent))\b/i;
/** What asking sounds like; with a PERSON word it is a request ("connect me with a representative"). */
const ASK = /\b(?:talk|speak|chat|connect|transfer|pass me|put me through|get me|want|need|give me|let me|escalate|call|contact)\b/i;

/** "speak to someone", "I need somebody": a person without the word person, but not "someone used my card". */
const SOMEONE =
  /\b(?:(?:speak|talk|chat|put me through|pass me|connect me|transfer me|get me through)\s+(?:to|with|on to|onto)\s+(?:someone|somebody|anyone|anybody)|(?:need|want|get me|give me)\s+(?:someone|somebody)\b(?!\s+(?:has|had|else|used|took|stole|hacked|got|is|was)\b))/i;

/** Who a request in a word or two names. */
const WHO = String.raw`(?:real |actual |live |proper )?(?:human|agent|person|representative|rep|operator|advisor|adviser)s?`;
const COURTESY = String.raw`(?:\W+(?:please|pls|plz|now|asap|thanks|then|already))*`;
/** A message that is mostly the word: "agent", "real person pls", "I SAID A PERSON". Nothing but courtesy follows it, so "is the agent fee refundable" asks about a fee. */
const BARE = new RegExp(String.raw`^\W*(?:[\w']+\W+){0,3}?(?:an? |the )?${WHO}(?: being)?${COURTESY}\W*$`, 'i');
/** A first clause that is the word, with no "the" or "my" that would make it a story: "a real human, I already asked once", but not "the agent, Sarah, said". */
const FIRST_CLAUSE = new RegExp(String.raw`^\W*(?:(?:no|yes|ok|please|just|i said)\W+)*(?:an? )?${WHO}${COURTESY}\s*[,;:.!?]`, 'i');

/** Turning the assistant away: "no bot pls", "stop the bot", "enough of this chatbot", "I don't want a robot". */
const NO_BOT =
  /\b(?:no|stop|enough of|done with|without|skip|bypass|get rid of|(?:do not|don'?t) want)(?: (?:the|this|your|a|an|more|with|talking to|chatting with))* (?:bot|robot|chatbot|machine|ai|automated (?:\w+))s?\b/i;

/** "let me talk to a human", "agent", "can I speak to someone real?", "no bot pls". */
export function asksForPerson(text: string): boolean {
  const t = text.trim();
  return BARE.test(t) || FIRST_CLAUSE.test(t) || (PERSON.test(t) && ASK.test(t)) || SOMEONE.test(t) || NO_BOT.test(t);
}

/** Words that only make up a request for a person; what is left says what it is about. */
// Pure: the widget never strips a request, so its bundle leaves this out.
const REQUEST_WORDS = /* @__PURE__ */ new RegExp(`${PERSON.source}|${ASK.source}|\\b(?:someone|somebody|anyone|anybody|bot|robot|chatbot|automated|machine|please|now|asap|right away)\\b`, 'gi');

/** The topic words of a message once the request for a person is taken out ("it's about a late fee"). */
export function withoutPersonRequest(text: string): string {
  return text.replace(REQUEST_WORDS, ' ');
}
