// Training of the learned component (issue 11): logistic regression over hashed features,
// AdaGrad, class-balanced (and optionally source-balanced) loss, fixed seed; and the calibration
// that combines it with the lexicon. Hyper-parameters and calibration are chosen by
// detection-select.ts on sources held out of the training data, never on the devset, (b) or (c).
// We write our own: there is no multilingual sentiment model on npm, and a sparse logistic
// regression is a few dozen lines, exactly reproducible and without native dependencies.
import { fold } from '../src/domain/detection/text.ts';
import { blankLinks } from '../src/domain/detection/links.ts';
import { extractFeatures, newFeatureBuffer } from '../src/domain/detection/model/features.ts';
import { logitOf, type Calibration } from '../src/domain/detection/model/linear-model.ts';
import type { Item } from './detection-data.ts';

/** Fixed settings; `grid` is what source-held-out validation chooses from (detection-select.ts). */
export const TRAINING = {
  bits: 18,
  rate: 0.15,
  seed: 20261,
  grid: [2, 6].flatMap((epochs) =>
    (['none', 'sqrt'] as const).flatMap((balance) => [false, true].map((negation): HyperParams => ({ epochs, l2: 1e-6, balance, negation }))),
  ),
};

/** What validation chooses: epochs, L2 strength, and whether big sources are damped. */
export interface HyperParams {
  epochs: number;
  l2: number;
  /** `none`: every item weighs the same; `sqrt`: a source of n items weighs √n in total. */
  balance: 'none' | 'sqrt';
  /** Negation-marked words as extra features (features.ts). */
  negation: boolean;
}

const FEATURES = [new WeakMap<Item, Int32Array>(), new WeakMap<Item, Int32Array>()];
const BUF = newFeatureBuffer();

/** An item's hashed features (cached: folds reuse them). */
export function featuresOf(item: Item, negation: boolean, bits = TRAINING.bits): Int32Array {
  const cache = FEATURES[negation ? 1 : 0]!;
  let f = cache.get(item);
  if (!f) {
    const b = extractFeatures(fold(blankLinks(item.text)), (1 << bits) - 1, BUF, { negation });
    f = b.index.slice(0, b.count);
    cache.set(item, f);
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

/**
 * Per-item loss weights: optionally damp big sources (`sqrt`: a group of n items weighs √n in
 * all), then rescale so negatives and non-negatives weigh the same; mean weight 1.
 */
export function itemWeights(items: Item[], groupOf: (it: Item) => string, balance: HyperParams['balance']): Float64Array {
  const size = new Map<string, number>();
  for (const it of items) size.set(groupOf(it), (size.get(groupOf(it)) ?? 0) + 1);
  const w = new Float64Array(items.length);
  let neg = 0;
  let rest = 0;
  items.forEach((it, i) => {
    w[i] = balance === 'sqrt' ? 1 / Math.sqrt(size.get(groupOf(it))!) : 1;
    if (it.negative) neg += w[i]!;
    else rest += w[i]!;
  });
  const n = items.length;
  items.forEach((it, i) => {
    w[i] = (w[i]! * n) / (2 * Math.max(1e-9, it.negative ? neg : rest));
  });
  return w;
}

/** Fits weights and bias on the items (weighted logistic loss, AdaGrad, seeded shuffles). */
export function fitWeights(items: Item[], weights: Float64Array, hp: HyperParams, bits = TRAINING.bits): { weights: Float32Array; bias: number } {
  const size = 1 << bits;
  const w = new Float32Array(size);
  const g2 = new Float32Array(size).fill(1e-6);
  let bias = 0;
  let gb = 1e-6;
  const order = items.map((_, i) => i);
  const rand = prng(TRAINING.seed);
  const rate = TRAINING.rate;
  for (let epoch = 0; epoch < hp.epochs; epoch++) {
    for (let i = order.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [order[i], order[j]] = [order[j]!, order[i]!];
    }
    for (const idx of order) {
      const it = items[idx]!;
      const f = featuresOf(it, hp.negation, bits);
      const p = sigmoid(logitOf(w, bias, f, f.length));
      const g = (p - (it.negative ? 1 : 0)) * weights[idx]!;
      if (f.length) {
        const gx = g / Math.sqrt(f.length);
        for (let k = 0; k < f.length; k++) {
          const j = f[k]!;
          const grad = gx + hp.l2 * w[j]!;
          g2[j]! += grad * grad;
          w[j]! -= (rate * grad) / Math.sqrt(g2[j]!);
        }
      }
      gb += g * g;
      bias -= (rate * g) / Math.sqrt(gb);
    }
  }
  return { weights: w, bias };
}

/** One calibration example: model logit, lexicon evidence, gold label, its weight and group. */
export interface CalibrationRow {
  m: number;
  r: number;
  y: boolean;
  w: number;
  group: string;
}

/**
 * Weights calibration rows so that every group (a held-out source) weighs the same and, within
 * it, negatives and non-negatives weigh the same: the combination must suit a source it has not
 * seen, not the biggest one.
 */
export function balanceRows(rows: Omit<CalibrationRow, 'w'>[]): CalibrationRow[] {
  const count = new Map<string, number>();
  for (const r of rows) count.set(`${r.group}\u0000${r.y}`, (count.get(`${r.group}\u0000${r.y}`) ?? 0) + 1);
  const groups = new Set(rows.map((r) => r.group));
  return rows.map((r) => {
    const both = count.has(`${r.group}\u0000${!r.y}`);
    return { ...r, w: 1 / (groups.size * (both ? 2 : 1) * count.get(`${r.group}\u0000${r.y}`)!) };
  });
}

/**
 * Fits p = σ(a·m + b·r + c) on weighted rows: m = model logit, r = lexicon evidence, both
 * clipped as in detect.ts. Damped Newton steps (halved until the ridge-penalised loss falls) on
 * three parameters, so nearly separable rows cannot blow the coefficients up.
 */
export function fitCalibration(rows: CalibrationRow[]): Calibration {
  const total = rows.reduce((s, r) => s + r.w, 0) || 1;
  const xs = rows.map((row) => [Math.max(-8, Math.min(8, row.m)), Math.max(-6, Math.min(6, row.r)), 1] as const);
  const lambda = 1e-3;
  const loss = (t: number[]) => {
    let l = (lambda / 2) * (t[0]! ** 2 + t[1]! ** 2 + t[2]! ** 2);
    rows.forEach((row, i) => {
      const x = xs[i]!;
      const z = t[0]! * x[0] + t[1]! * x[1] + t[2]! * x[2];
      // log(1 + e^-z) for positives, log(1 + e^z) for the rest, computed stably.
      const s = row.y ? -z : z;
      l += (row.w / total) * (s > 0 ? s + Math.log1p(Math.exp(-s)) : Math.log1p(Math.exp(s)));
    });
    return l;
  };
  let theta = [1, 0.5, 0];
  let current = loss(theta);
  for (let iter = 0; iter < 100; iter++) {
    const g = theta.map((v) => lambda * v);
    const H = [
      [lambda, 0, 0],
      [0, lambda, 0],
      [0, 0, lambda],
    ];
    rows.forEach((row, i) => {
      const x = xs[i]!;
      const p = sigmoid(theta[0]! * x[0] + theta[1]! * x[1] + theta[2]! * x[2]);
      const wt = row.w / total;
      const d = (p - (row.y ? 1 : 0)) * wt;
      const s = p * (1 - p) * wt;
      for (let a = 0; a < 3; a++) {
        g[a]! += d * x[a]!;
        for (let b = 0; b < 3; b++) H[a]![b]! += s * x[a]! * x[b]!;
      }
    });
    const step = solve3(H, g);
    let t = 1;
    let next = theta.map((v, k) => v - t * step[k]!);
    let value = loss(next);
    while (value > current && t > 1e-4) {
      t /= 2;
      next = theta.map((v, k) => v - t * step[k]!);
      value = loss(next);
    }
    if (value > current) break;
    const moved = Math.abs(next[0]! - theta[0]!) + Math.abs(next[1]! - theta[1]!) + Math.abs(next[2]! - theta[2]!);
    theta = next;
    current = value;
    if (moved < 1e-7) break;
  }
  return { model: round(theta[0]!), lexicon: round(theta[1]!), bias: round(theta[2]!) };
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
