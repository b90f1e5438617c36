/**
 * The trace sets written apart from the detector (shared/frustration/fixtures/,
 * other companies, other wording), held as floors: each was measured unseen
 * first (README), and a change to the detector must not fall below these.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readJsonLines, TraceCase } from './cases.ts';
import { runTraces, tracesSummary } from './traces.ts';

const FIXTURES = join(import.meta.dirname, '../../shared/frustration/fixtures');
const FLOORS = { frustratedPrecision: 0.95, frustratedRecall: 0.9, abandoned: 0.95, calmFlagged: 1 };

describe.each(['traces-a', 'traces-b', 'traces-c'])('the detector on %s', (name) => {
  const cases = readJsonLines(join(FIXTURES, `${name}.jsonl`), TraceCase);
  const summary = tracesSummary(cases, runTraces(cases, 0.5));

  it('finds the frustrated visitors and no calm one (precision, recall)', () => {
    expect(summary.frustrated.precision).toBeGreaterThanOrEqual(FLOORS.frustratedPrecision);
    expect(summary.frustrated.recall).toBeGreaterThanOrEqual(FLOORS.frustratedRecall);
    expect(summary.calmFlaggedFrustrated).toBeLessThanOrEqual(FLOORS.calmFlagged);
  });

  it('finds the visitors who abandoned', () => {
    expect(summary.abandoned.precision).toBeGreaterThanOrEqual(FLOORS.abandoned);
    expect(summary.abandoned.recall).toBeGreaterThanOrEqual(FLOORS.abandoned);
  });
});
