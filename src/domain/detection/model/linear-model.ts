// The learned component of the detector (P-1.2): a logistic regression over hashed features
// (features.ts), one per language, plus the calibration that combines it with the lexicon.
// Pure: the bytes come from a loader (models/load-models.ts) or from the caller.
import type { Language } from '../types.ts';
import { extractFeatures, FEATURE_VERSION, newFeatureBuffer, type FeatureBuffer } from './features.ts';

/**
 * How the model's logit, the lexicon's evidence and their interaction become one probability:
 * p = σ(model·m + lexicon·clip(r) + bias), fitted on training data the model did not learn from.
 */
export interface Calibration {
  model: number;
  lexicon: number;
  bias: number;
}

/** One language's model, ready to score. */
export interface LinearModel {
  language: Language;
  bits: number;
  /** Dequantised weights, one per hash bucket. */
  weights: Float32Array;
  bias: number;
  calibration: Calibration;
  /** Where the weights came from: the training files, for the licence notes. */
  trainedOn: string[];
  /** Trained with negation-marked words (features.ts); absent in older files = off. */
  negation?: boolean;
}

/** Header of a model file (JSON, before the int8 weights). */
interface Header {
  format: 'amends-linear';
  featureVersion: number;
  language: Language;
  bits: number;
  scale: number;
  bias: number;
  calibration: Calibration;
  trainedOn: string[];
  negation?: boolean;
}

const MAGIC = 0x4d444d41; // "AMDM" little-endian

/**
 * Serialises a model: magic, header length, JSON header, then the weights quantised to int8
 * (scale = max |w| / 127). A few hundred kB per language; gzip-friendly.
 */
export function encodeModel(m: Omit<LinearModel, 'weights'> & { weights: Float32Array }): Uint8Array {
  let max = 0;
  for (const w of m.weights) max = Math.max(max, Math.abs(w));
  const scale = max / 127 || 1;
  const header: Header = {
    format: 'amends-linear', featureVersion: FEATURE_VERSION, language: m.language, bits: m.bits, scale,
    bias: m.bias, calibration: m.calibration, trainedOn: m.trainedOn, ...(m.negation ? { negation: true } : {}),
  };
  const json = new TextEncoder().encode(JSON.stringify(header));
  const out = new Uint8Array(8 + json.length + m.weights.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, MAGIC, true);
  view.setUint32(4, json.length, true);
  out.set(json, 8);
  const q = new Int8Array(out.buffer, 8 + json.length, m.weights.length);
  for (let i = 0; i < m.weights.length; i++) q[i] = Math.max(-127, Math.min(127, Math.round(m.weights[i]! / scale)));
  return out;
}

/** Reads a model file's bytes; throws on a file of another format or feature version. */
export function decodeModel(bytes: Uint8Array): LinearModel {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (bytes.byteLength < 8 || view.getUint32(0, true) !== MAGIC) throw new Error('not an Amends detection model');
  const len = view.getUint32(4, true);
  const header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + len))) as Header;
  if (header.format !== 'amends-linear' || header.featureVersion !== FEATURE_VERSION) {
    throw new Error(`model format ${header.format} v${header.featureVersion} is not v${FEATURE_VERSION}: retrain it (npm run train:detection)`);
  }
  const size = 1 << header.bits;
  if (bytes.byteLength - 8 - len !== size) throw new Error('model file is truncated');
  const q = new Int8Array(bytes.buffer, bytes.byteOffset + 8 + len, size);
  const weights = new Float32Array(size);
  for (let i = 0; i < size; i++) weights[i] = q[i]! * header.scale;
  return { language: header.language, bits: header.bits, weights, bias: header.bias, calibration: header.calibration, trainedOn: header.trainedOn, negation: header.negation === true };
}

/** A word or phrase of the message that moved the model, with its share of the logit. */
export interface ModelCue {
  start: number;
  end: number;
  weight: number;
}

/** The model's verdict on one text: its logit and the tokens that drove it most. */
export interface ModelScore {
  logit: number;
  /** The logit of the part from `tailFrom` on (same as logit when there is none). */
  tailLogit: number;
  cues: ModelCue[];
}

const BUF: FeatureBuffer = newFeatureBuffer();

/**
 * The model's logit for a folded text (positive = dissatisfied), the logit of its part from
 * `tailFrom` on (what follows "but"), and up to `maxCues` tokens whose features pushed it most in
 * the direction of the verdict (the explanation staff see). Tokens inside `skip` spans are left out.
 */
export function scoreModel(model: LinearModel, folded: string, maxCues = 3, tailFrom = Infinity, skip: readonly { start: number; end: number }[] = []): ModelScore {
  const buf = extractFeatures(folded, (1 << model.bits) - 1, BUF, { negation: model.negation === true });
  if (skip.length) dropSkipped(buf, skip);
  const { index, start, end, count } = buf;
  const w = model.weights;
  if (count === 0) return { logit: model.bias, tailLogit: model.bias, cues: [] };
  const norm = 1 / Math.sqrt(count);
  let sum = 0;
  let tailSum = 0;
  let tailCount = 0;
  // Per-token contributions: features of one token are contiguous, so a running total suffices.
  const cues: ModelCue[] = [];
  let curStart = -1;
  let curEnd = -1;
  let cur = 0;
  for (let i = 0; i < count; i++) {
    const x = w[index[i]!]!;
    sum += x;
    const s = start[i]!;
    if (s >= tailFrom) {
      tailSum += x;
      tailCount++;
    }
    if (s !== curStart) {
      if (curStart >= 0) cues.push({ start: curStart, end: curEnd, weight: cur * norm });
      curStart = s;
      curEnd = end[i]!;
      cur = 0;
    }
    cur += x;
  }
  cues.push({ start: curStart, end: curEnd, weight: cur * norm });
  const logit = model.bias + sum * norm;
  const tailLogit = tailCount ? model.bias + tailSum / Math.sqrt(tailCount) : logit;
  const sign = logit >= 0 ? 1 : -1;
  const top = cues.filter((c) => c.weight * sign > 0.05).sort((a, b) => b.weight * sign - a.weight * sign).slice(0, maxCues);
  return { logit, tailLogit, cues: top };
}

/** Removes, in place, the features of tokens that start inside one of the spans. */
function dropSkipped(buf: FeatureBuffer, skip: readonly { start: number; end: number }[]): void {
  let k = 0;
  for (let i = 0; i < buf.count; i++) {
    const s = buf.start[i]!;
    if (skip.some((x) => s >= x.start && s < x.end)) continue;
    buf.index[k] = buf.index[i]!;
    buf.start[k] = s;
    buf.end[k++] = buf.end[i]!;
  }
  buf.count = k;
}

/** Dot product only (training and evaluation hot path): the logit of pre-extracted features. */
export function logitOf(weights: Float32Array, bias: number, index: ArrayLike<number>, count: number): number {
  if (count === 0) return bias;
  let sum = 0;
  for (let i = 0; i < count; i++) sum += weights[index[i]!]!;
  return bias + sum / Math.sqrt(count);
}
