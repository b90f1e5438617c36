/**
 * Conversation acts: what a visitor's message does, apart from what it is
 * about. The server's acts model (server/engine/acts.ts) names one per
 * visitor message and says it back in the message's ack, so the widget's
 * detector counts a second request for a person from the same verdict the
 * router used: one definition, no second copy in the widget's bytes.
 */
export const ACTS = ['greeting', 'closing', 'yes', 'no', 'person', 'complaint'] as const;
export type Act = (typeof ACTS)[number];
