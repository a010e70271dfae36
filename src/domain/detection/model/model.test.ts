// The learned component's features and model files (issue 11).
import { describe, expect, it } from 'vitest';
import { fold } from '../text.ts';
import { extractFeatures, newFeatureBuffer } from './features.ts';
import { decodeModel, encodeModel, scoreModel, type LinearModel } from './linear-model.ts';
import { detect } from '../detect.ts';

const MASK = (1 << 18) - 1;
const features = (text: string, negation: boolean) => {
  const b = extractFeatures(fold(text), MASK, newFeatureBuffer(), { negation });
  return [...b.index.slice(0, b.count)];
};
const extra = (text: string) => features(text, true).filter((f) => !features(text, false).includes(f));

describe('negation-marked features', () => {
  it('mark up to three words after a negator, in every language, never across a clause', () => {
    for (const text of ['not happy at all with it', 'совсем не доволен этим заказом', 'nu sunt multumit deloc azi', 'ich bin nicht zufrieden damit heute', 'no estoy contento con nada', 'palvelu ei ole hyva ollenkaan', 'es nav apmierinats ar to']) {
      expect(extra(text).length, text).toBeGreaterThanOrEqual(2);
      expect(extra(text).length, text).toBeLessThanOrEqual(4);
    }
    expect(extra('not bad. happy customer here')).toHaveLength(1);
    expect(extra('not, happy')).toHaveLength(0);
    expect(extra('happy with everything here')).toHaveLength(0);
  });

  it('"happy" negated is a different feature from "happy"', () => {
    const negated = extra('not happy');
    expect(negated).toHaveLength(1);
    expect(features('happy', false)).not.toContain(negated[0]);
  });

  it('are off unless asked for, so models trained without them score as before', () => {
    expect(features('not happy at all', false)).toEqual(features('not happy at all', false));
    expect(features('not happy at all', true).length).toBeGreaterThan(features('not happy at all', false).length);
  });
});

describe('model files', () => {
  it('round-trip the weights (int8), the calibration and the negation flag; a scored model uses its own features', () => {
    const weights = new Float32Array(1 << 18);
    const [negatedHappy] = extra('not happy');
    weights[negatedHappy!] = 4;
    const model: LinearModel = { language: 'en', bits: 18, weights, bias: -0.5, calibration: { model: 1, lexicon: 0.5, bias: 0 }, trainedOn: ['x/y'], negation: true };
    const back = decodeModel(encodeModel(model));
    expect(back).toMatchObject({ language: 'en', bits: 18, bias: -0.5, calibration: model.calibration, trainedOn: ['x/y'], negation: true });
    expect(back.weights[negatedHappy!]).toBeCloseTo(4, 5);
    expect(scoreModel(back, fold('not happy')).logit).toBeGreaterThan(0);
    expect(scoreModel({ ...back, negation: false }, fold('not happy')).logit).toBeLessThan(0);
    expect(decodeModel(encodeModel({ ...model, negation: false })).negation).toBe(false);
  });
});

describe('escalation signals and the model', () => {
  // A model that reads everything as fine, weighed far above the lexicon.
  const fine: LinearModel = { language: 'en', bits: 18, weights: new Float32Array(1 << 18), bias: -8, calibration: { model: 1, lexicon: 0.1, bias: 0 }, trainedOn: [] };
  const opts = { models: () => fine };

  it('a threat, an injury or "you are lying" stays a complaint whatever the model says', () => {
    for (const text of ['If this is not fixed by Friday I will come to your office and you will regret it.', 'The charger caught fire and my child could have been hurt!', 'You are lying to me, the technician never came.']) {
      expect(detect(text, opts).dissatisfied, text).toBe(true);
    }
  });

  it('a calm request for a manager is not such a signal: the model may keep it calm', () => {
    expect(detect('Could I talk to the manager about a table for twelve next Friday?', opts).dissatisfied).toBe(false);
    expect(detect('The parcel arrived late and the box was damaged.', opts).dissatisfied).toBe(false);
  });
});

describe('explicit non-complaints and the model', () => {
  // A model that reads everything as a complaint, weighed far above the lexicon.
  const grim: LinearModel = { language: 'en', bits: 18, weights: new Float32Array(1 << 18), bias: 8, calibration: { model: 1, lexicon: 0.1, bias: 0 }, trainedOn: [] };
  const opts = { models: () => grim };

  it('a polite request, "no rush" or "not bad" with no complaint evidence stays calm', () => {
    for (const text of ['Could you tell me your opening hours on Saturday?', 'No rush at all, send the quote when you can.', 'Not bad at all, I liked it.']) {
      expect(detect(text, opts).dissatisfied, text).toBe(false);
    }
  });

  it('with complaint evidence the model still counts', () => {
    expect(detect('Could you tell me why my order is broken again?', opts).dissatisfied).toBe(true);
    expect(detect('The delivery window on Saturday', opts).dissatisfied).toBe(true);
  });
});
