/**
 * Small talk that needs no article (a request for a person is in
 * shared/acts/person.ts, one definition for widget and server).
 */
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
