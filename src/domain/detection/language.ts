// Language identification for short customer messages (P-1.2: read the tone "in the customer's
// own language"). Cheap cues first (alphabet, distinctive letters, function words, Russian
// transliteration, "sorry, my German..."), franc only when the cues are ambiguous.
import { francAll } from 'franc';
import type { Language } from './types.ts';
import { LANGUAGES } from './types.ts';
import { LEXICONS } from './lexicon/index.ts';
import { fold, foldEntry, foldedRegExp, isFoldedLetter } from './text.ts';

/** Internal result with the per-language evidence, used to pick a secondary lexicon. */
export interface LanguageGuess {
  language: Language;
  confidence: number;
  scores: Record<Language, number>;
  /** Russian written in Latin letters: the detector runs the transliterated lexicon. */
  translit: boolean;
}

const WORDS = new Map<string, Language[]>();
const TRANSLIT_RU = new Set<string>();
/** Char code of a distinctive letter (either case) → the languages it points to. */
const DISTINCTIVE = new Map<number, Language[]>();
let minDistinctive = 0xffff;
const NAME_RES: { lang: Language; re: RegExp }[] = [];
const FRANC_ONLY: string[] = [];
const FRANC_TO_LANG = new Map<string, Language>();

for (const lang of LANGUAGES) {
  const lex = LEXICONS[lang];
  FRANC_ONLY.push(lex.francCode);
  FRANC_TO_LANG.set(lex.francCode, lang);
  for (const w of lex.stopwords) {
    const f = foldEntry(w);
    const list = WORDS.get(f) ?? [];
    if (!list.includes(lang)) list.push(lang);
    WORDS.set(f, list);
  }
  for (const w of lex.translitStopwords ?? []) TRANSLIT_RU.add(foldEntry(w));
  for (const ch of lex.letters) {
    for (const variant of [ch, ch.toUpperCase()]) {
      if (variant.length !== 1) continue; // ß → SS
      const code = variant.charCodeAt(0);
      const list = DISTINCTIVE.get(code) ?? [];
      if (!list.includes(lang)) list.push(lang);
      DISTINCTIVE.set(code, list);
      minDistinctive = Math.min(minDistinctive, code);
    }
  }
  const names = lex.names.map((n) => foldEntry(n).replace(/\*/g, '\\p{L}*')).join('|');
  NAME_RES.push({ lang, re: foldedRegExp(`(?<![\\p{L}])(?:${names})(?![\\p{L}])`) });
}

/** "sorry, my English", "латышский знаю плохо": the writer names the language they are attempting. */
const WEAK_RE = foldedRegExp(
  '(?<![\\p{L}])(?:sorry|excuse|bad|poor|not (?:so |very )?good|izvin\\p{L}*|извин\\p{L}*|плох\\p{L}*|слаб\\p{L}*|' +
    'scuze|scuzati|prost|slikti|vaji|atvainoj\\p{L}*|anteeksi|sori|huono\\p{L}*|entschuldig\\p{L}*|schlecht|nicht (?:so |sehr )?gut|' +
    'perdon|disculp\\p{L}*|no (?:es )?muy bueno|mal)(?![\\p{L}])',
);

const NOT_LETTER_RE = foldedRegExp('[^\\p{L}]', 'g');
const FI_SUFFIX_RE = /(?:ssa|ssä|stä|llä|ltä|kin|ksi|ään|ttä|aan|ssaan|lle)$/;
// Romanian typed without diacritics shares most short words with Spanish ("de", "la", "este", "si");
// its endings do not: the enclitic article (-ul, -ului, -ilor, -ele), -eaza/-easca verbs, 2nd
// person plural -ati/-eti/-iti, and "oa"/"ea" diphthongs (foarte, poate, toate, mea).
const RO_SUFFIX_RE = /(?:[^aeiou]ul|ului|ilor|urile|ele|eaza|easca|esc|ati|eti|iti|ii)$|oa|^(?:cea|mea|sa|ca)$/;
// Latvian without diacritics: noun/verb endings rare in our other Latin-script languages.
const LV_SUFFIX_RE = /(?:ija|iju|ijas|ejs|ajs|ams|ats|ots|igs|igi|ais|ieti|ties|jam|ejam|sies|ties|aju|uši|usi)$/;

const APOSTROPHE = 39;

function emptyScores(): Record<Language, number> {
  return { en: 0, ru: 0, ro: 0, lv: 0, fi: 0, de: 0, es: 0 };
}

/** Scores the cheap cues, then asks franc only when they leave the answer open. */
export function identifyLanguage(text: string, folded: string = fold(text)): LanguageGuess {
  const scores = emptyScores();
  let cyr = 0;
  let latin = 0;
  let translitHits = 0;
  // Tokens: runs of letters and apostrophes of the folded text.
  const n = folded.length;
  for (let i = 0; i < n; ) {
    let c = folded.charCodeAt(i);
    if (!isFoldedLetter(c) && c !== APOSTROPHE) {
      i++;
      continue;
    }
    const start = i;
    let cyrillic = false;
    do {
      if (c >= 0x400 && c <= 0x4ff) cyrillic = true;
      c = folded.charCodeAt(++i);
    } while (i < n && (isFoldedLetter(c) || c === APOSTROPHE));
    if (cyrillic) {
      cyr++;
      scores.ru += i - start > 1 ? 1 : 0.3;
      continue;
    }
    const tok = folded.slice(start, i);
    latin++;
    const langs = WORDS.get(tok);
    if (langs) {
      const share = 1 / langs.length;
      for (const l of langs) scores[l] += share;
    }
    if (TRANSLIT_RU.has(tok)) {
      scores.ru += 1;
      translitHits++;
    }
    if (tok.length > 4 && FI_SUFFIX_RE.test(tok)) scores.fi += 0.3;
    if (tok.length > 3 && RO_SUFFIX_RE.test(tok)) scores.ro += 0.3;
    if (tok.length > 4 && LV_SUFFIX_RE.test(tok)) scores.lv += 0.25;
  }
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < minDistinctive) continue;
    const langs = DISTINCTIVE.get(c);
    if (langs) {
      const share = 0.6 / langs.length;
      for (const l of langs) scores[l] += share;
    }
  }
  if (WEAK_RE.test(folded)) {
    for (const { lang, re } of NAME_RES) if (re.test(folded)) scores[lang] += 4;
  }

  // Only Russian is written in Cyrillic among our languages: Cyrillic words outnumbering the
  // Latin ones (after @handles and links are blanked) settle it, however short the text.
  if (cyr > 0 && cyr >= latin) scores.ru += 2;
  let [best, second] = topTwo(scores);
  if (scores[best] < 2 || scores[best] - scores[second] < 1.2) {
    // Cues are thin: franc's trigram model breaks the tie (slow, so only here).
    const letters = folded.replace(NOT_LETTER_RE, '').length;
    if (letters >= 3) {
      const weight = letters < 15 ? 0.8 : letters < 40 ? 1.5 : 2.5;
      for (const [code, s] of francAll(text, { only: FRANC_ONLY, minLength: 3 })) {
        const l = FRANC_TO_LANG.get(code);
        if (l) scores[l] += s * weight;
      }
      [best, second] = topTwo(scores);
    }
  }
  const top = scores[best];
  const gap = top - scores[second];
  const confidence = top <= 0 ? 0.1 : Math.max(0.1, Math.min(1, (gap / (top + 0.5)) * Math.min(1, top / 3) + 0.25));
  const translit = best === 'ru' && latin > cyr && translitHits > 0;
  return { language: top <= 0 ? 'en' : best, confidence: round2(confidence), scores, translit };
}

function topTwo(scores: Record<Language, number>): [Language, Language] {
  let best: Language = 'en';
  let second: Language = 'ru';
  let b = -1;
  let s = -1;
  for (const l of LANGUAGES) {
    const v = scores[l];
    if (v > b) {
      second = best;
      s = b;
      best = l;
      b = v;
    } else if (v > s) {
      second = l;
      s = v;
    }
  }
  return [best, second];
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}
