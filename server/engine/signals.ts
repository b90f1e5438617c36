/**
 * Words in a visitor message that decide before any retrieval: an explicit
 * request for a person, and small talk that needs no article.
 */
const PERSON = /\b(human|person|people|agent|representative|rep|operator|someone real|real (?:person|human|someone)|staff|member of (?:staff|the team)|team member|support team|customer service|advisor|adviser|live (?:chat|agent))\b/i;
const ASK = /\b(talk|speak|chat|connect|transfer|pass me|put me through|get me|want|need|give me|let me|escalate|call|contact)\b/i;

/** Words that only make up a request for a person; what is left says what it is about. */
const REQUEST_WORDS = new RegExp(`${PERSON.source}|${ASK.source}|\\b(someone|somebody|anyone|anybody|bot|robot|chatbot|automated|machine|please|now|asap|right away)\\b`, 'gi');

/** The topic words of a message once the request for a person is taken out ("it's about a late fee"). */
export function withoutPersonRequest(text: string): string {
  return text.replace(REQUEST_WORDS, ' ');
}

/** "speak to someone", "I need somebody": a person without the word person, but not "someone used my card". */
const SOMEONE = /\b(?:(?:speak|talk|chat|put me through|pass me|connect me|transfer me|get me through)\s+(?:to|with|on to|onto)\s+(?:someone|somebody|anyone|anybody)|(?:need|want|get me|give me)\s+(?:someone|somebody)\b(?!\s+(?:has|had|else|used|took|stole|hacked|got|is|was)\b))/i;

/** A person asked for in a word or two: "agent", "real person pls", "a human please!" */
const BARE_PERSON =
  /^(?:an? |the )?(?:real |actual |live |proper )?(?:human|agent|person|representative|rep|operator|advisor|adviser)(?: being)?(?:,? (?:please|pls|plz|now|asap|thanks))*[.!?\s]*$/i;

/** "let me talk to a human", "agent", "can I speak to someone real?" */
export function asksForPerson(text: string): boolean {
  const t = text.trim();
  if (BARE_PERSON.test(t)) return true;
  return (PERSON.test(t) && ASK.test(t)) || SOMEONE.test(t);
}

export type SmallTalk = 'greeting' | 'thanks' | 'goodbye';

/** A greeting, perhaps to someone: "hi", "hello there", "Hi Oakridge team!", "hey Sam" (a name is capitalised; "hello refund" asks). */
const GREETING = /^(?:hi|hello|hey|hiya|good (?:morning|afternoon|evening)|howdy|yo)\b[\s!.,]*(?:([\p{L}'-]+)\s+)?([\p{L}'-]+)?[\s!.,]*$/iu;
const ADDRESSEES = /^(?:there|team|all|folks|everyone|everybody|guys|y'all)$/i;
const isName = (w: string | undefined) => w === undefined || ADDRESSEES.test(w) || /^\p{Lu}/u.test(w);

function greeting(t: string): boolean {
  const m = GREETING.exec(t);
  return m !== null && isName(m[1]) && isName(m[2]);
}
/** An acknowledgement that may lead thanks: "perfect, thank you", "ok great thanks". */
const ACK = String.raw`(?:(?:ok(?:ay)?|great|perfect|awesome|brilliant|lovely|cool|nice|excellent|amazing|fantastic|super|good|got it|that(?:'s| is) (?:great|perfect|helpful|all)|that helps|that helped|all good|sorted)[\s!.,]+)*`;
const THANKS = new RegExp(
  String.raw`^${ACK}(?:thanks?(?: you)?|thank you|thx|cheers|ty|many thanks|much appreciated|appreciate it)(?: (?:so|very) much| a lot| loads| again| heaps)?(?: for (?:the|your) help| for helping)?[\s!.,]*$`,
  'i',
);
const GOODBYE = /^(bye|goodbye|see you|that'?s all)\b[\s!.,]*$/i;

/** Emoticons and emoji carry no request: ":)", "🙂", "<3". */
const DECORATION = /(?:[:;=8][-']?[)(DPp\]/\\|]|<3|\p{Extended_Pictographic}|\uFE0F)/gu;

export function smallTalk(text: string): SmallTalk | null {
  const t = text.replace(DECORATION, ' ').trim();
  if (greeting(t)) return 'greeting';
  if (THANKS.test(t)) return 'thanks';
  if (GOODBYE.test(t)) return 'goodbye';
  return null;
}

export const SMALL_TALK_REPLIES: Record<SmallTalk, string> = {
  greeting: 'Hi! What can I help you with today?',
  thanks: "You're welcome! Anything else I can help with?",
  goodbye: 'Thanks for chatting. Come back any time.',
};
