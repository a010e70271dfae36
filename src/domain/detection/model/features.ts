// Hashed features of the learned component (P-1.2: read the tone of words the lexicon does not
// list). One implementation for training (scripts/train-detection.ts) and scoring, so the two can
// never disagree. Works on folded text (text.ts): lower case, no diacritics, so Romanian and
// Latvian typed without diacritics give the same features as with them.
import { isFoldedWordChar } from './../text.ts';

/** Bumped whenever the features change: a model file of another version is refused. */
export const FEATURE_VERSION = 1;

/** Longest text prefix scored by the model (the lexicon still reads the whole text). */
export const MAX_MODEL_CHARS = 3000;

const PRIME = 16777619;
const SEED_WORD = 0x811c9dc5;
const SEED_CHAR = 0x2f6b3a1d;
const SEED_PAIR = 0x5bd1e995;
const SEED_SYMBOL = 0x27d4eb2f;
const BOW = 1; // start-of-word marker in character n-grams
const EOW = 2; // end-of-word marker
const MIN_N = 3;
const MAX_N = 5;

function mix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x7feb352d);
  h ^= h >>> 15;
  h = Math.imul(h, 0x846ca68b);
  return (h ^ (h >>> 16)) >>> 0;
}

/** Reusable output of extractFeatures: bucket per feature, and the token each came from. */
export interface FeatureBuffer {
  /** Bucket index of each feature (length ≥ count). */
  index: Int32Array;
  /** Start offset (in the text) of the token each feature belongs to, for explanations. */
  start: Int32Array;
  /** End offset of that token. */
  end: Int32Array;
  count: number;
}

/** A buffer to pass to extractFeatures; grows as needed. */
export function newFeatureBuffer(size = 4096): FeatureBuffer {
  return { index: new Int32Array(size), start: new Int32Array(size), end: new Int32Array(size), count: 0 };
}

function grow(buf: FeatureBuffer, need: number): void {
  if (need <= buf.index.length) return;
  const size = Math.max(need, buf.index.length * 2);
  const index = new Int32Array(size);
  const start = new Int32Array(size);
  const end = new Int32Array(size);
  index.set(buf.index);
  start.set(buf.start);
  end.set(buf.end);
  buf.index = index;
  buf.start = start;
  buf.end = end;
}

/** Characters of one word kept for character n-grams (longer words: their first 48). */
const MAX_WORD = 48;
const CHARS = new Int32Array(MAX_WORD + 2);

const SENTENCE_END = new Set([46, 33, 63, 10, 13, 59, 8230]); // . ! ? \n \r ; …

/**
 * Fills `buf` with the hashed features of a folded text: word unigrams, word bigrams within a
 * sentence, character 3–5-grams of each word with boundary markers, and runs of symbols
 * (":(", "!!!", emoji) with repeats capped at three. `mask` = buckets − 1 (a power of two).
 */
export function extractFeatures(folded: string, mask: number, buf: FeatureBuffer): FeatureBuffer {
  const n = Math.min(folded.length, MAX_MODEL_CHARS);
  grow(buf, n * 4 + 16);
  const { index, start, end } = buf;
  let k = 0;
  let prev = 0;
  let hasPrev = false;
  const chars = CHARS;
  for (let i = 0; i < n; ) {
    const c = folded.charCodeAt(i);
    if (isFoldedWordChar(c)) {
      const s = i;
      let len = 0;
      chars[len++] = BOW;
      let hw = SEED_WORD;
      while (i < n) {
        let d = folded.charCodeAt(i);
        if (!isFoldedWordChar(d)) break;
        if (d >= 48 && d <= 57) d = 48; // every digit reads as 0: "3 weeks" ~ "5 weeks"
        hw = Math.imul(hw ^ d, PRIME);
        if (len < MAX_WORD) chars[len++] = d;
        i++;
      }
      chars[len++] = EOW;
      const e = i;
      index[k] = mix(hw) & mask;
      start[k] = s;
      end[k++] = e;
      if (hasPrev) {
        index[k] = mix(Math.imul(prev ^ SEED_PAIR, PRIME) ^ hw) & mask;
        start[k] = s;
        end[k++] = e;
      }
      prev = hw;
      hasPrev = true;
      for (let a = 0; a + MIN_N <= len; a++) {
        let h = SEED_CHAR;
        for (let b = a; b < len && b - a < MAX_N; b++) {
          h = Math.imul(h ^ chars[b]!, PRIME);
          if (b - a + 1 >= MIN_N) {
            index[k] = mix(h) & mask;
            start[k] = s;
            end[k++] = e;
          }
        }
      }
      continue;
    }
    if (c === 32 || c === 9) {
      i++;
      continue;
    }
    // A run of symbols: punctuation, emoticons, emoji.
    const s = i;
    let h = SEED_SYMBOL;
    let last = -1;
    let repeat = 0;
    let sentenceEnd = false;
    while (i < n) {
      const d = folded.charCodeAt(i);
      if (isFoldedWordChar(d) || d === 32 || d === 9) break;
      if (SENTENCE_END.has(d)) sentenceEnd = true;
      if (d === last) repeat++;
      else repeat = 0;
      last = d;
      if (repeat < 3 && i - s < 12) h = Math.imul(h ^ d, PRIME);
      i++;
    }
    if (sentenceEnd) hasPrev = false;
    // A lone comma, dot or hyphen says nothing; longer runs and other symbols do.
    if (i - s > 1 || !(c === 44 || c === 46 || c === 45 || c === 39 || c === 34)) {
      index[k] = mix(h) & mask;
      start[k] = s;
      end[k++] = i;
    }
  }
  buf.count = k;
  return buf;
}
