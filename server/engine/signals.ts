/**
 * Words in a visitor message that decide before any retrieval: an explicit
 * request for a person, and small talk that needs no article.
 */
const PERSON = /\b(human|person|people|agent|representative|rep|operator|someone real|real (?:person|human|someone)|staff|member of (?:staff|the team)|team member|support team|customer service|advisor|adviser|live (?:chat|agent))\b/i;
const ASK = /\b(talk|speak|chat|connect|transfer|pass me|put me through|get me|want|need|give me|let me|escalate|call|contact)\b/i;

/** "let me talk to a human", "agent", "can I speak to someone real?" */
export function asksForPerson(text: string): boolean {
  const t = text.trim();
  if (/^(an? )?(human|agent|person|representative|operator)[.!?]*$/i.test(t)) return true;
  return PERSON.test(t) && ASK.test(t);
}

export type SmallTalk = 'greeting' | 'thanks' | 'goodbye';

const GREETING = /^(hi|hello|hey|hiya|good (morning|afternoon|evening)|howdy|yo)\b[\s!.,]*(there|team|all)?[\s!.,]*$/i;
const THANKS = /^(thanks?( you)?|thank you( so much| very much)?|cheers|ty|great,? thanks|perfect,? thanks?|ok(ay)?,? thanks?)\b[\s!.,]*(a lot|so much)?[\s!.,]*$/i;
const GOODBYE = /^(bye|goodbye|see you|that'?s all)\b[\s!.,]*$/i;

/** Emoticons and emoji carry no request: ":)", "🙂", "<3". */
const DECORATION = /(?:[:;=8][-']?[)(DPp\]/\\|]|<3|\p{Extended_Pictographic}|\uFE0F)/gu;

export function smallTalk(text: string): SmallTalk | null {
  const t = text.replace(DECORATION, ' ').trim();
  if (GREETING.test(t)) return 'greeting';
  if (THANKS.test(t)) return 'thanks';
  if (GOODBYE.test(t)) return 'goodbye';
  return null;
}

export const SMALL_TALK_REPLIES: Record<SmallTalk, string> = {
  greeting: 'Hi! What can I help you with today?',
  thanks: "You're welcome! Anything else I can help with?",
  goodbye: 'Thanks for chatting. Come back any time.',
};
