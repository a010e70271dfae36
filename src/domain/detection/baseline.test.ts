// No silent regressions (issue 11): the whole detector with the committed weights, on the
// cross-source split (b) and the held-out part (c) of ../shared/train, must stay within 0.02 of
// the committed baseline (models/baseline.json) in every language. Needs the shared corpora.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { LANGUAGES } from './index.ts';
import { BASELINE_PATH, computeBaseline, type Baseline } from '../../../scripts/detection-baseline.ts';

const TOLERANCE = 0.02;

describe('detection quality against the committed baseline', () => {
  it('no language falls more than 0.02 below its baseline macro-F1 on (b) and (c)', () => {
    const baseline = JSON.parse(readFileSync(BASELINE_PATH, 'utf8')) as Baseline;
    const now = computeBaseline();
    for (const lang of LANGUAGES) {
      for (const set of ['crossSource', 'heldOut'] as const) {
        const want = baseline[set][lang];
        expect(want, `${set} ${lang} in baseline.json`).toBeDefined();
        const got = now[set][lang];
        expect(got, `${set} ${lang}: corpus or fold model missing`).toBeDefined();
        expect(got!.n, `${set} ${lang}: same items as the baseline`).toBe(want!.n);
        expect(got!.macroF1, `${set} ${lang} macro-F1`).toBeGreaterThanOrEqual(want!.macroF1 - TOLERANCE);
      }
    }
  }, 120_000);
});
