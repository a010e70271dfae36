// The shared shape of a per-language lexicon. Adding a language = one new file of this shape
// plus one line in lexicon/index.ts (see docs/DETECTION.md, "Adding a language").
import type { Language, SignalType } from '../types.ts';

/**
 * Everything the detector knows about one language. Entries use the pattern mini-language of
 * text.ts: lowercase, diacritics optional (they are folded away), `*` = inflected ending,
 * ` ~ ` = up to 3 words in between, `( | )` and `?` as in regex.
 */
export interface Lexicon {
  language: Language;
  /** ISO 639-3 code franc uses for this language. */
  francCode: string;
  /** Language identification: frequent short function words, written without diacritics. */
  stopwords: string[];
  /** Romanised forms of frequent words, for a language often typed in Latin letters (Russian translit). */
  translitStopwords?: string[];
  /** Letters that (among our languages) point to this language, e.g. 'ășț' for Romanian. */
  letters: string;
  /** Names of this language as customers write them in any language ("english", "английский"). */
  names: string[];
  /** Words that negate what follows within two words ("not", "не", "nu", "nav", "ei"). */
  negators: string[];
  /** Contrast words: what follows them weighs more ("but", "но", "dar", "bet", "mutta"). */
  contrast: string[];
  /** Negative words and complaint phrases, by weight (3 = strong, 1 = mild). */
  negative: { 3: string[]; 2: string[]; 1: string[] };
  /** Positive words and praise phrases, by weight. */
  positive: { 2: string[]; 1: string[] };
  /** Complaints asked as questions ("why does nobody answer", "how do I reach you"). */
  questions: string[];
  /** "Thanks for" forms: followed in the same sentence by a complaint or a negation, they are sarcasm. */
  thanks: string[];
  /** Unambiguous sarcasm ("thanks for nothing"): counts as negative. */
  sarcasm: string[];
  /** Ironic openers ("great,", "ну супер"): only negative when complaint evidence is present. */
  irony: string[];
  /** Explicit non-complaints ("no rush", "not complaining", own mistake, moving abroad). */
  calm: string[];
  /** Polite request forms ("could I", "можно"): calm manager/legal requests (devset README). */
  polite: string[];
  /** P-1.3 escalation signals, each a list of entries. */
  signals: Record<SignalType, string[]>;
}
