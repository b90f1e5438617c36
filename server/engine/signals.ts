/**
 * Small talk that needs no article: the acts model (acts.ts) says which
 * messages are greetings and closings; here is what the assistant says back.
 */
import type { Act } from '../../shared/acts/acts.ts';

export type SmallTalk = 'greeting' | 'thanks';

export function smallTalkOf(act: Act | null): SmallTalk | null {
  if (act === 'greeting') return 'greeting';
  if (act === 'closing') return 'thanks';
  return null;
}

export const SMALL_TALK_REPLIES: Record<SmallTalk, string> = {
  greeting: 'Hi! What can I help you with today?',
  thanks: "You're welcome! Anything else I can help with?",
};
