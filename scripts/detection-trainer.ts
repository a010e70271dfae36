// Training of the learned component (issue 11): logistic regression over hashed features,
// AdaGrad, class-balanced, fixed seed; then the calibration that combines it with the lexicon.
// We write our own: there is no multilingual sentiment model on npm, and a sparse logistic
// regression is a few dozen lines, exactly reproducible and without native dependencies.
import type { Language } from '../src/domain/detection/index.ts';
import { detect } from '../src/domain/detection/detect.ts';
import { fold } from '../src/domain/detection/text.ts';
import { blankLinks } from '../src/domain/detection/links.ts';
import { extractFeatures, newFeatureBuffer } from '../src/domain/detection/model/features.ts';
import { logitOf, type Calibration, type LinearModel } from '../src/domain/detection/model/linear-model.ts';
import { saltedHash, type Item } from './detection-data.ts';

/** Hyper-parameters; chosen on the calibration part of the training data, never on (b)/(c). */
export const TRAINING = { bits: 18, epochs: 6, rate: 0.15, l2: 1e-6, seed: 20261, calibrationShare: 0.12 };

const FEATURES = new WeakMap<Item, Int32Array>();
const BUF = newFeatureBuffer();

/** An item's hashed features (cached: folds reuse them). */
export function featuresOf(item: Item, bits = TRAINING.bits): Int32Array {
  let f = FEATURES.get(item);
  if (!f) {
    const b = extractFeatures(fold(blankLinks(item.text)), (1 << bits) - 1, BUF);
    f = b.index.slice(0, b.count);
    FEATURES.set(item, f);
  }
  return f;
}

/** mulberry32: a small seeded PRNG, so shuffles are the same on every machine. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

/** Fits weights and bias on the items (class-balanced logistic loss, AdaGrad). */
export function fitWeights(items: Item[], opts = TRAINING): { weights: Float32Array; bias: number } {
  const size = 1 << opts.bits;
  const w = new Float32Array(size);
  const g2 = new Float32Array(size).fill(1e-6);
  let bias = 0;
  let gb = 1e-6;
  const nNeg = items.filter((i) => i.negative).length;
  const wNeg = items.length / (2 * Math.max(1, nNeg));
  const wPos = items.length / (2 * Math.max(1, items.length - nNeg));
  const order = items.map((_, i) => i);
  const rand = prng(opts.seed);
  for (let epoch = 0; epoch < opts.epochs; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    for (const idx of order) {
      const it = items[idx]!;
      const f = featuresOf(it, opts.bits);
      const p = sigmoid(logitOf(w, bias, f, f.length));
      const y = it.negative ? 1 : 0;
      const g = (p - y) * (it.negative ? wNeg : wPos);
      if (f.length) {
        const gx = g / Math.sqrt(f.length);
        for (let k = 0; k < f.length; k++) {
          const j = f[k]!;
          const grad = gx + opts.l2 * w[j]!;
          g2[j]! += grad * grad;
          w[j]! -= (opts.rate * grad) / Math.sqrt(g2[j]!);
        }
      }
      gb += g * g;
      bias -= (opts.rate * g) / Math.sqrt(gb);
    }
  }
  return { weights: w, bias };
}

/** The lexicon-only evidence of an item (detect without a model), in its own language. */
export function lexiconEvidence(item: Item, lang: Language): number {
  return detect(item.text, { language: lang, models: () => null }).parts.lexicon;
}

/** One calibration example: model logit, lexicon evidence, gold label and its weight. */
export interface CalibrationRow {
  m: number;
  r: number;
  y: boolean;
  w: number;
}

/** Class-balanced weights for a group of rows that together weigh `total`. */
export function balanced(rows: Omit<CalibrationRow, 'w'>[], total: number): CalibrationRow[] {
  const nNeg = rows.filter((r) => r.y).length;
  const wNeg = total / (2 * Math.max(1, nNeg));
  const wPos = total / (2 * Math.max(1, rows.length - nNeg));
  return rows.map((r) => ({ ...r, w: r.y ? wNeg : wPos }));
}

/**
 * Fits p = σ(a·m + b·r + c) on weighted rows: m = model logit, r = lexicon evidence, both
 * clipped as in detect.ts. Newton steps on three parameters with a small ridge.
 */
export function fitCalibration(rows: CalibrationRow[]): Calibration {
  const total = rows.reduce((s, r) => s + r.w, 0) || 1;
  let a = 1;
  let b = 0.5;
  let c = 0;
  const lambda = 1e-3;
  for (let iter = 0; iter < 50; iter++) {
    const g = [lambda * a, lambda * b, lambda * c];
    const H = [
      [lambda, 0, 0],
      [0, lambda, 0],
      [0, 0, lambda],
    ];
    for (const row of rows) {
      const x = [Math.max(-8, Math.min(8, row.m)), Math.max(-6, Math.min(6, row.r)), 1];
      const p = sigmoid(a * x[0]! + b * x[1]! + c);
      const wt = row.w / total;
      const d = (p - (row.y ? 1 : 0)) * wt;
      const s = p * (1 - p) * wt;
      for (let i = 0; i < 3; i++) {
        g[i]! += d * x[i]!;
        for (let j = 0; j < 3; j++) H[i]![j]! += s * x[i]! * x[j]!;
      }
    }
    const step = solve3(H, g);
    a -= step[0]!;
    b -= step[1]!;
    c -= step[2]!;
    if (Math.abs(step[0]!) + Math.abs(step[1]!) + Math.abs(step[2]!) < 1e-6) break;
  }
  return { model: round(a), lexicon: round(b), bias: round(c) };
}

function round(x: number): number {
  return Math.round(x * 1e4) / 1e4;
}

function solve3(A: number[][], b: number[]): number[] {
  const m = A.map((row, i) => [...row, b[i]!]);
  for (let col = 0; col < 3; col++) {
    let piv = col;
    for (let r = col + 1; r < 3; r++) if (Math.abs(m[r]![col]!) > Math.abs(m[piv]![col]!)) piv = r;
    [m[col], m[piv]] = [m[piv]!, m[col]!];
    for (let r = 0; r < 3; r++) {
      if (r === col) continue;
      const f = m[r]![col]! / m[col]![col]!;
      for (let k = col; k < 4; k++) m[r]![k]! -= f * m[col]![k]!;
    }
  }
  return [m[0]![3]! / m[0]![0]!, m[1]![3]! / m[1]![1]!, m[2]![3]! / m[2]![2]!];
}

/** A labelled customer message of the development set (../shared/eval/devset). */
export interface DevItem {
  text: string;
  negative: boolean;
}

/**
 * Trains one language's model on `items` (never held-out ones): weights on all but a
 * calibration share; the calibration on that share plus the language's development set, each
 * weighing half, so the combination suits customer messages as well as the corpora's reviews
 * and posts. Same input, same bytes out.
 */
export function trainModel(lang: Language, items: Item[], trainedOn: string[], dev: DevItem[] = [], opts = TRAINING): LinearModel & { calibrationItems: number } {
  const calib = items.filter((i) => saltedHash(i, 'calibration') < opts.calibrationShare);
  const fit = items.filter((i) => saltedHash(i, 'calibration') >= opts.calibrationShare);
  const { weights, bias } = fitWeights(fit, opts);
  const rows = balanced(
    calib.map((it) => {
      const f = featuresOf(it, opts.bits);
      return { m: logitOf(weights, bias, f, f.length), r: lexiconEvidence(it, lang), y: it.negative };
    }),
    1,
  );
  const devRows = balanced(
    dev.map((d) => {
      const f = extractFeatures(fold(blankLinks(d.text)), (1 << opts.bits) - 1, BUF);
      return { m: logitOf(weights, bias, f.index, f.count), r: lexiconEvidence({ text: d.text } as Item, lang), y: d.negative };
    }),
    1,
  );
  const calibration = fitCalibration([...rows, ...devRows]);
  return { language: lang, bits: opts.bits, weights, bias, calibration, trainedOn, calibrationItems: calib.length };
}
