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
const SEED_NEGATED = 0x165667b1;
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
const CLAUSE_END = new Set([...SENTENCE_END, 44, 58]); // and , :

/** How many words after a negator are marked as negated (within the clause). */
const NEGATION_REACH = 3;

/**
 * Negators of our seven languages, folded. Words that are something else in another of them are
 * left out (lv "ne" is Romanian "us", "en" Spanish "in"); the character n-grams of lv/fi verbs
 * carry their own negation ("nepatik").
 */
const NEGATORS = [
  'not', 'no', 'never', 'nothing', 'nobody', 'nor', 'without', 'cannot', 'dont', 'didnt', 'doesnt', 'isnt', 'wasnt', 'cant', 'wont', 't',
  'не', 'нет', 'ни', 'никогда', 'ничего', 'никто', 'без',
  'nu', 'nici', 'niciodata', 'nimic', 'fara', 'n',
  'nav', 'nekad', 'nekas', 'neviens', 'bez',
  'ei', 'et', 'emme', 'ette', 'eivat', 'eika', 'ilman',
  'nicht', 'kein', 'keine', 'keinen', 'keinem', 'keiner', 'keines', 'nie', 'niemals', 'nichts', 'ohne', 'weder',
  'nunca', 'nada', 'ni', 'sin', 'tampoco', 'jamas', 'ningun', 'ninguna', 'nadie',
];

function wordHash(word: string): number {
  let h = SEED_WORD;
  for (let i = 0; i < word.length; i++) h = Math.imul(h ^ word.charCodeAt(i), PRIME);
  return h;
}
const NEGATOR_HASHES = new Set(NEGATORS.map(wordHash));

/** Optional feature families (a model file says which it was trained with). */
export interface FeatureOptions {
  /** Words up to three after a negator, in the same clause, also give a "negated word" feature. */
  negation?: boolean;
}

/**
 * Fills `buf` with the hashed features of a folded text: word unigrams, word bigrams within a
 * sentence, character 3–5-grams of each word with boundary markers, and runs of symbols
 * (":(", "!!!", emoji) with repeats capped at three. `mask` = buckets − 1 (a power of two).
 */
export function extractFeatures(folded: string, mask: number, buf: FeatureBuffer, opts: FeatureOptions = {}): FeatureBuffer {
  const negation = opts.negation === true;
  let negated = 0;
  const n = Math.min(folded.length, MAX_MODEL_CHARS);
  grow(buf, n * 5 + 16);
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
      if (negation) {
        if (negated > 0) {
          negated--;
          index[k] = mix(hw ^ SEED_NEGATED) & mask;
          start[k] = s;
          end[k++] = e;
        }
        if (NEGATOR_HASHES.has(hw)) negated = NEGATION_REACH;
      }
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
      if (CLAUSE_END.has(d)) negated = 0;
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
