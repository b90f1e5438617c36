/**
 * What a request for a person is about, once the request is taken out: the
 * router names a topic for "can I speak to someone about a late fee" from
 * what is left. (Whether a message is a request at all is the acts model's
 * call: acts.ts.)
 */

/** Words that only make up a request for a person. */
const REQUEST_WORDS =
  /\b(?:human|person|people|agent|representative|rep|operator|staff|member of (?:staff|the team)|team member|support team|customer service|advisor|adviser|live (?:chat|agent)|talk|speak|chat|connect|transfer|pass me|put me through|get me|want|need|give me|let me|escalate|call|contact|someone|somebody|anyone|anybody|real|bot|robot|chatbot|automated|machine|please|now|asap|right away)\b/gi;

/** The topic words of a message once the request for a person is taken out ("it's about a late fee"). */
export function withoutPersonRequest(text: string): string {
  return text.replace(REQUEST_WORDS, ' ');
}
