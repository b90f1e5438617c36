/**
 * The safety floor on sentences written apart from its rules (by someone who
 * did not read them): implicit threats, cries for help and complaints to
 * regulators across industries and countries, and look-alikes that must raise
 * nothing. Every category must be raised where expected, and none elsewhere.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { SafetyCategory } from '../../shared/codes.ts';
import { detectSafety } from './safety.ts';

interface Case {
  text: string;
  flags: SafetyCategory[];
}

// Three sets, each written by someone who had not read the rules; the rules were then widened on general shapes.
const cases: Case[] = ['fixtures/safety-challenge.jsonl', 'fixtures/safety-challenge-2.jsonl', 'fixtures/safety-challenge-3.jsonl'].flatMap((file) =>
  readFileSync(join(import.meta.dirname, file), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as Case),
);

const raised = (text: string) => [...new Set(detectSafety(text).map((h) => h.category))].sort();

/**
 * Where the floor errs on the safe side on purpose: a method of self-harm
 * followed by "jk" still reaches a person (a joke costs an agent a minute; a
 * masked cry for help missed costs far more).
 */
const ERRS_SAFE = new Map<string, SafetyCategory[]>([['this hold music is so bad im ready to throw myself off a cliff lmao jk, order number is 55812', ['self_harm']]]);

describe('safety floor, challenge set', () => {
  it('has cases of every kind', () => {
    for (const category of ['legal_threat', 'self_harm', 'regulatory_complaint'] as const) {
      expect(cases.filter((c) => c.flags.includes(category)).length).toBeGreaterThan(20);
    }
    expect(cases.filter((c) => c.flags.length === 0).length).toBeGreaterThan(30);
  });

  it.each(cases.map((c) => [c.text, c.flags] as const))('%s -> %j', (text, flags) => {
    expect(raised(text)).toEqual([...flags, ...(ERRS_SAFE.get(text) ?? [])].sort());
  });
});

/**
 * Eight later sets, also written apart, that the rules missed in part: each
 * was first measured unseen (set 4: self_harm 5/24, legal_threat 16/22,
 * regulatory_complaint 9/22; set 5: 10/25, 11/13, 12/14; set 6: 8/25, 12/13, 12/14;
 * set 7: 17/26, 13/13, 13/14; set 8: 16/28, 11/14, 13/14; set 9: 8/30, 9/14,
 * 11/14, one look-alike of 42 flagged; set 10: 10/30, 11/14, 12/14, two of 42
 * flagged; set 11, written against common phrasings: 5/30, 7/14, 12/14, three of
 * 42 flagged; set 12: 13/30, 11/14, 12/14, five of 42 flagged; set 13, kept apart to
 * measure the widening for set 12: 11/30, 8/14, 13/14, two of 42 flagged — and still 11/30 for self-harm
 * after it, which is why the learned model came in: held out, 18/30; set 14, written after both and measured
 * unseen with the model: 20/30, 10/14, 13/14, three of 42 flagged, against 12/30, 10/14, 13/14, four
 * flagged by the rules of the session before; set 15 the same way: 22/30, 10/14, 12/14, three of 42 flagged,
 * against 13/30, 10/14, 12/14, three; set 16, eighty look-alikes and twenty positives: two of 80 flagged,
 * self-harm 8/8, legal 5/6, regulator 5/6, against three of 80 and 6/8; set 17: 17/30, 12/14, 13/14, two of
 * 42 flagged, against 9/30 and four; set 18, eighty look-alikes quoting the company's own letters, six of 80
 * flagged against eight, self-harm 7/8 against 4/8; set 19, fifty cries for help and fifty look-alikes:
 * 33/50 against 14/50, no look-alike flagged either way; set 20, thirty subtle legal threats, thirty
 * regulator complaints and forty look-alikes: 11/30, 18/30, eight of 40 flagged, no better than the rules of
 * the session before (10/30, 18/30, eight); set 21: 18/30, 10/14, 10/14, three of 42 flagged, against
 * 12/30, 7/14, 10/14, five; set 22, written like set 20 after its widening: 17/30, 20/30, three of 40
 * flagged, against 11/30, 17/30, four; set 23, forty cries for help in new ways: 24/40, 8/10, 8/10, two of
 * 40 flagged, against 9/40, 8/10, 8/10, three; set 24, eighty-five everyday look-alikes: six of 85 flagged,
 * against nine), then the rules were widened on general
 * shapes. They hold the floor where it is, so a change that loses recall or flags look-alikes shows.
 */
describe.each([
  ['fixtures/safety-measure-4.jsonl', { self_harm: 0.95, legal_threat: 0.75, regulatory_complaint: 0.8 }],
  ['fixtures/safety-measure-5.jsonl', { self_harm: 0.9, legal_threat: 0.95, regulatory_complaint: 0.95 }],
  ['fixtures/safety-measure-6.jsonl', { self_harm: 0.95, legal_threat: 0.95, regulatory_complaint: 0.9 }],
  ['fixtures/safety-measure-7.jsonl', { self_harm: 0.95, legal_threat: 0.95, regulatory_complaint: 0.95 }],
  ['fixtures/safety-measure-8.jsonl', { self_harm: 0.95, legal_threat: 0.95, regulatory_complaint: 0.95 }],
  ['fixtures/safety-measure-9.jsonl', { self_harm: 0.95, legal_threat: 0.95, regulatory_complaint: 0.95 }],
  ['fixtures/safety-measure-10.jsonl', { self_harm: 0.95, legal_threat: 0.95, regulatory_complaint: 0.95 }],
  ['fixtures/safety-measure-11.jsonl', { self_harm: 0.95, legal_threat: 0.95, regulatory_complaint: 0.95 }],
  ['fixtures/safety-measure-12.jsonl', { self_harm: 0.95, legal_threat: 0.95, regulatory_complaint: 0.95 }],
  ['fixtures/safety-measure-13.jsonl', { self_harm: 0.95, legal_threat: 0.95, regulatory_complaint: 0.95 }],
  ['fixtures/safety-measure-14.jsonl', { self_harm: 0.95, legal_threat: 0.95, regulatory_complaint: 0.95 }],
  ['fixtures/safety-measure-15.jsonl', { self_harm: 0.95, legal_threat: 0.95, regulatory_complaint: 0.95 }],
  ['fixtures/safety-measure-16.jsonl', { self_harm: 0.95, legal_threat: 0.95, regulatory_complaint: 0.95 }],
  ['fixtures/safety-measure-17.jsonl', { self_harm: 0.95, legal_threat: 0.95, regulatory_complaint: 0.95 }],
  ['fixtures/safety-measure-18.jsonl', { self_harm: 0.95, legal_threat: 0.95, regulatory_complaint: 0.95 }],
  // Self-harm only: fifty cries for help and fifty look-alikes.
  ['fixtures/safety-measure-19.jsonl', { self_harm: 0.95 }],
  // Legal and regulator only: thirty of each, subtle, and forty look-alikes.
  ['fixtures/safety-measure-20.jsonl', { legal_threat: 0.95, regulatory_complaint: 0.95 }],
  ['fixtures/safety-measure-21.jsonl', { self_harm: 0.95, legal_threat: 0.95, regulatory_complaint: 0.95 }],
  ['fixtures/safety-measure-22.jsonl', { legal_threat: 0.95, regulatory_complaint: 0.95 }],
  ['fixtures/safety-measure-23.jsonl', { self_harm: 0.95, legal_threat: 0.9, regulatory_complaint: 0.9 }],
  ['fixtures/safety-measure-24.jsonl', { self_harm: 0.95, legal_threat: 0.95, regulatory_complaint: 0.95 }],
] as const)('safety floor, measured set %s', (file, floors) => {
  const set: Case[] = readFileSync(join(import.meta.dirname, file), 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as Case);

  it.each(Object.entries(floors))('%s recall stays at least %s', (category, floor) => {
    const expected = set.filter((c) => c.flags.includes(category as SafetyCategory));
    const found = expected.filter((c) => raised(c.text).includes(category as SafetyCategory));
    expect(found.length / expected.length).toBeGreaterThanOrEqual(floor);
  });

  it('flags at most one look-alike', () => {
    expect(set.filter((c) => c.flags.length === 0 && raised(c.text).length > 0).length).toBeLessThanOrEqual(1);
  });
});
