// Compiles a per-language lexicon into regexes (once per language, on first use: see detect.ts).
// P-1.2 scoring and P-1.3 signals run on these.
import type { Language, SignalType } from './types.ts';
import { SIGNAL_TYPES } from './types.ts';
import type { Lexicon } from './lexicon/schema.ts';
import { foldEntry, foldedRegExp } from './text.ts';
import { compileEntries, prefilterKey, type Matcher } from './matcher.ts';

/** A lexicon turned into ready-to-run regexes. */
export interface CompiledLexicon {
  language: Language;
  neg: { weight: number; re: Matcher | null }[];
  pos: { weight: number; re: Matcher | null }[];
  sarcasm: Matcher | null;
  thanks: Matcher | null;
  questions: Matcher | null;
  /** Finds a negator word anywhere (global): "thanks for cancelling and not telling me". */
  negator: RegExp | null;
  irony: RegExp | null;
  calm: Matcher | null;
  polite: Matcher | null;
  contrast: Matcher | null;
  /** Prefilter: word prefix (1–4 chars, as prefilterKey) → bit mask of the matchers (see `matchers`) that can start there. */
  index: Map<number, number>;
  /** All matchers of this lexicon, in bit order of `index`. */
  matchers: Matcher[];
  /** Tested on the ~30 characters before a match: does a negator govern it? */
  negatedBefore: RegExp | null;
  signals: { type: SignalType; re: Matcher | null }[];
}

const TRANSLIT: Record<string, string> = {
  а: 'a', б: 'b', в: '(?:v|w)', г: 'g', д: 'd', е: '(?:e|ye|je)', ж: '(?:zh|j|z)', з: 'z', и: '(?:i|y|j)',
  к: '(?:k|c)', л: 'l', м: 'm', н: 'n', о: 'o', п: 'p', р: 'r', с: 's', т: 't', у: '(?:u|ou)', ф: 'f',
  х: '(?:h|kh|x)', ц: '(?:ts|tc|c|z)', ч: '(?:ch|4)', ш: 'sh', щ: '(?:shch|sch|sh)', ъ: "'?", ы: '(?:y|i)',
  ь: "(?:'|j)?", э: 'e', ю: '(?:yu|ju|iu|u)', я: '(?:ya|ja|ia|a)',
};

/** The Latin letters a transliterated Cyrillic letter can start with. */
function translitFirst(ch: string): string[] {
  const t = TRANSLIT[ch];
  if (!t) return [ch];
  return t.replace(/[()?:']/g, '').split('|').map((alt) => alt[0]!).filter(Boolean);
}

const TRANSLIT_TRANSFORM = { source: (src: string) => translitSource(src), first: translitFirst };

/** Rewrites a Cyrillic regex source into its common Latin transliterations ("где мой" → "gde moy"). */
export function translitSource(src: string): string {
  let out = '';
  for (const ch of src) out += TRANSLIT[ch] ?? ch;
  return out;
}

function escapeWord(w: string): string {
  return w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

function ironySource(entry: string, t?: (s: string) => string): string {
  const src = escapeWord(foldEntry(entry)).replace(/ /g, '[\\s,]+');
  return t ? t(src) : src;
}

/** Compiles one lexicon; `translit` builds the Latin-letter variant (Russian typed as translit). */
export function compileLexicon(lex: Lexicon, translit = false): CompiledLexicon {
  const t = translit ? translitSource : undefined;
  const c = (entries: readonly string[]) => compileEntries(entries, translit ? TRANSLIT_TRANSFORM : undefined);
  const negators = lex.negators.map((n) => (t ? t(escapeWord(foldEntry(n))) : escapeWord(foldEntry(n))));
  const negatedBefore = negators.length
    ? foldedRegExp(
        `(?<![\\p{L}\\p{N}])(?:${negators.join('|')})(?:[^\\p{L}\\p{N}]+[\\p{L}\\p{N}'-]+){0,2}[^\\p{L}\\p{N}]*$`,
      )
    : null;
  const compiled = {
    language: lex.language,
    index: new Map<number, number>(),
    matchers: [] as Matcher[],
    neg: [
      { weight: 1.6, re: c(lex.negative[3]) },
      { weight: 1.0, re: c(lex.negative[2]) },
      { weight: 0.5, re: c(lex.negative[1]) },
    ],
    pos: [
      { weight: 1.4, re: c(lex.positive[2]) },
      { weight: 0.7, re: c(lex.positive[1]) },
    ],
    sarcasm: c(lex.sarcasm),
    thanks: c(lex.thanks),
    questions: c(lex.questions),
    negator: negators.length ? foldedRegExp(`(?<![\\p{L}\\p{N}])(?:${negators.join('|')})(?![\\p{L}])`) : null,
    irony: lex.irony.length
      ? foldedRegExp(
          `^[^\\p{L}]*(?:${lex.irony.map((e) => ironySource(e, t)).join('|')})(?:[ \\t]+@[\\w.]+)?[ \\t]*[,!.…:]`,
        )
      : null,
    calm: c(lex.calm),
    polite: c(lex.polite),
    contrast: c(lex.contrast),
    negatedBefore,
    signals: SIGNAL_TYPES.map((type) => ({ type, re: c(lex.signals[type]) })),
  };
  const all = [
    ...compiled.neg.map((g) => g.re), ...compiled.pos.map((g) => g.re), compiled.sarcasm, compiled.thanks, compiled.questions, compiled.calm, compiled.polite,
    compiled.contrast, ...compiled.signals.map((g) => g.re),
  ];
  for (const m of all) {
    if (!m) continue;
    const bit = 1 << compiled.matchers.length;
    m.bit = bit;
    compiled.matchers.push(m);
    for (const key of m.keys) {
      const k = prefilterKey(key);
      if (k !== null) compiled.index.set(k, (compiled.index.get(k) ?? 0) | bit);
    }
  }
  if (compiled.matchers.length > 31) throw new Error('too many matchers for a 31-bit mask');
  return compiled;
}
