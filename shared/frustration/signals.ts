/**
 * The names the detector, the exit report and the handoff pack share, with no
 * schema code: the widget imports these without carrying valibot schemas it
 * never runs.
 */

/** What can make a visitor frustrated (FORMAT.md section 4): the first four are strong, the rest weak. */
export const STRONG_SIGNALS = ['rage_click', 'repeat_question', 'anger', 'person_again'] as const;
export const WEAK_SIGNALS = ['down_feedback', 'negative_phrase', 'rapid_fire', 'heavy_deleting', 'long_wait'] as const;
// Pure, so a bundle that uses only STRONG_SIGNALS leaves this out.
export const SIGNALS = /* @__PURE__ */ Object.freeze([...STRONG_SIGNALS, ...WEAK_SIGNALS] as const);
export type Signal = (typeof SIGNALS)[number];

/** Where the visitor was when they left. */
export const EXIT_STAGES = ['waiting_assistant', 'after_reply', 'queued', 'with_person', 'idle'] as const;
export type ExitStage = (typeof EXIT_STAGES)[number];

export const CLICK_TARGETS = ['message', 'button', 'composer', 'link', 'other'] as const;
