// Text folding and the lexicon pattern mini-language (see docs/DETECTION.md).
// Folding is length-preserving, so match offsets in the folded text are offsets in the input.

// The folded alphabet. Regexes over folded text need no Unicode mode: every letter the lexicons
// use folds into these few ranges and every other letter or number into one stand-in, so `\p{L}`
// and `\p{N}` become small classes (with the `u` flag V8 spends most of its time in Unicode range
// tables, and compiling the lexicons took seconds). A new language whose letters do not fold to
// these (Polish ł, Greek, Turkish ı) adds its lower-case letters to LETTER_RANGES.

/** Lower-case letters that survive folding: a–z, ß, Cyrillic а–џ, and the stand-in ª. */
const LETTER_RANGES: readonly (readonly [number, number])[] = [[0x61, 0x7a], [0xaa, 0xaa], [0xdf, 0xdf], [0x430, 0x45f]];
/** Numbers that survive folding: 0–9 and the stand-in ². */
const NUMBER_RANGES: readonly (readonly [number, number])[] = [[0x30, 0x39], [0xb2, 0xb2]];
/** What any letter outside LETTER_RANGES (ł, ø, Greek, CJK, …) folds to. */
const OTHER_LETTER = 0xaa; // ª
/** What any number other than 0–9 (², ½, ٣, …) folds to. */
const OTHER_NUMBER = 0xb2; // ²

const classBody = (ranges: readonly (readonly [number, number])[]) =>
  ranges.map(([lo, hi]) => (lo === hi ? hex(lo) : `${hex(lo)}-${hex(hi)}`)).join('');
function hex(c: number): string {
  return `\\u${c.toString(16).padStart(4, '0')}`;
}
/** Regex class body of the letters of folded text. */
export const LETTERS = classBody(LETTER_RANGES);
/** Regex class body of the numbers of folded text. */
export const NUMBERS = classBody(NUMBER_RANGES);

/**
 * Per code unit of folded text: 0 if it is not part of a word, else its number 1..127 among the
 * word characters (letters first), used for numeric prefilter keys.
 */
export const WORD_CHAR_CODE = new Uint8Array(0x10000);
const LAST_LETTER_CODE = LETTER_RANGES.reduce((n, [lo, hi]) => n + hi - lo + 1, 0);
{
  let n = 0;
  for (const [lo, hi] of [...LETTER_RANGES, ...NUMBER_RANGES]) for (let c = lo; c <= hi; c++) WORD_CHAR_CODE[c] = ++n;
  if (n > 127) throw new Error('folded alphabet too large for 7-bit prefilter keys');
}

/** Is this code unit of folded text a letter? */
export function isFoldedLetter(c: number): boolean {
  const code = WORD_CHAR_CODE[c]!;
  return code !== 0 && code <= LAST_LETTER_CODE;
}

/** Is this code unit of folded text a letter or number (part of a word)? */
export function isFoldedWordChar(c: number): boolean {
  return WORD_CHAR_CODE[c] !== 0;
}

const QUOTES: Record<string, string> = {
  '\u2019': "'", '\u2018': "'", '\u02bc': "'", '`': "'", '\u00b4': "'",
  '\u201c': '"', '\u201d': '"', '\u201e': '"', '\u00ab': '"', '\u00bb': '"',
  '\u2013': '-', '\u2014': '-',
};
const LETTER_RE = /\p{L}/u;
const NUMBER_RE = /\p{N}/u;

/** Folds one BMP character: quotes, lower case, first character of NFD, then the alphabet. */
function foldChar(ch: string): number {
  const q = QUOTES[ch];
  if (q !== undefined) return q.charCodeAt(0);
  let lower = ch.toLowerCase();
  if (lower.length !== 1) lower = ch;
  const base = lower.normalize('NFD')[0]!;
  const d = base.toLowerCase().length === 1 ? base.toLowerCase() : base; // İ → I → i
  if (isFoldedWordChar(d.charCodeAt(0))) return d.charCodeAt(0);
  if (LETTER_RE.test(d)) return OTHER_LETTER;
  if (NUMBER_RE.test(d)) return OTHER_NUMBER;
  return d.charCodeAt(0);
}

/** Folds an astral code point: the code unit both its halves become, or -1 to keep it (emoji). */
function foldAstral(cp: number): number {
  const ch = String.fromCodePoint(cp);
  return LETTER_RE.test(ch) ? OTHER_LETTER : NUMBER_RE.test(ch) ? OTHER_NUMBER : -1;
}

/** Folded UTF-16 code unit per input code unit, filled on first sight (0 = not seen yet). */
const FOLD = new Uint16Array(0x10000);
/** Astral code points (emoji, rare scripts): the code unit both halves fold to, or -1 = unchanged. */
const FOLD_ASTRAL = new Map<number, number>();
let buffer = new Uint16Array(1024);

/**
 * Lower-cases and strips diacritics (ă→a, ā→a, ё→е, й→и) without changing the string length,
 * so Romanian and Latvian typed without diacritics match the same lexicon entries (P-1.2).
 * Letters outside the lexicons' alphabet become `ª` and numbers other than 0–9 become `²`, so a
 * word stays a word; emoji and punctuation other than quotes and dashes are kept.
 */
export function fold(text: string): string {
  const n = text.length;
  if (buffer.length < n) buffer = new Uint16Array(Math.max(n, 2 * buffer.length));
  const out = buffer;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c < 0xdc00 && i + 1 < n) {
      const low = text.charCodeAt(i + 1);
      if (low >= 0xdc00 && low < 0xe000) {
        const cp = ((c - 0xd800) << 10) + (low - 0xdc00) + 0x10000;
        let f = FOLD_ASTRAL.get(cp);
        if (f === undefined) FOLD_ASTRAL.set(cp, (f = foldAstral(cp)));
        out[i] = f < 0 ? c : f;
        out[i + 1] = f < 0 ? low : f;
        i++;
        continue;
      }
    }
    let f = FOLD[c]!;
    if (f === 0 && c !== 0) {
      f = c >= 0xd800 && c < 0xe000 ? c : foldChar(String.fromCharCode(c));
      FOLD[c] = f;
    }
    out[i] = f;
  }
  let s = '';
  for (let i = 0; i < n; i += 8192) {
    s += String.fromCharCode.apply(null, out.subarray(i, Math.min(n, i + 8192)) as unknown as number[]);
  }
  return s;
}

export const SEP = "[^\\p{L}\\p{N}]+";
const WORD = "[\\p{L}\\p{N}'-]+";
export const RB = '(?![\\p{L}\\p{N}])';

const CLASS_BODY: Record<string, string> = { '\\p{L}': LETTERS, '\\p{N}': NUMBERS };

/**
 * Compiles a regex over folded text. Sources are written with `\p{L}` (letter) and `\p{N}`
 * (number) for readability; folded text only has the letters of LETTERS and the numbers of
 * NUMBERS, so these become a few ranges and the regex needs no `u` flag (several times faster in
 * V8, and much cheaper to compile).
 */
export function foldedRegExp(source: string, flags = ''): RegExp {
  let out = '';
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const ch = source[i]!;
    if (ch === '\\') {
      const body = CLASS_BODY[source.slice(i, i + 5)];
      if (body !== undefined) {
        out += inClass ? body : `[${body}]`;
        i += 4;
      } else {
        if (source[i + 1] === 'p' || source[i + 1] === 'P') throw new Error(`unsupported class in ${source}`);
        out += ch + (source[i + 1] ?? '');
        i++;
      }
      continue;
    }
    if (ch === '[') inClass = true;
    else if (ch === ']') inClass = false;
    out += ch;
  }
  return new RegExp(out, flags);
}

/** Folds a lexicon word or entry; throws if it has a letter outside LETTER_RANGES (see above). */
export function foldEntry(entry: string): string {
  const folded = fold(entry);
  const at = folded.indexOf(String.fromCharCode(OTHER_LETTER));
  if (at >= 0) throw new Error(`"${entry[at]}" in "${entry}" is not in the folded alphabet: add it to LETTER_RANGES (text.ts)`);
  return folded;
}

/**
 * Turns one lexicon entry into a regex source. Syntax: a space separates words, `*` continues a
 * word with any letters (stems of inflected forms), ` ~ ` skips up to 3 words, ` ~~ ` up to 6,
 * `( | )`, `?`, `+`, `{n,m}` and `\\d` are regex; everything else is literal and folded.
 */
export function entrySource(entry: string): string {
  const folded = foldEntry(entry.trim());
  let out = '';
  for (let i = 0; i < folded.length; i++) {
    const ch = folded[i]!;
    if (ch === ' ') {
      if (folded.startsWith(' ~~ ', i)) {
        out += `${SEP}(?:${WORD}${SEP}){0,6}`;
        i += 3;
      } else if (folded.startsWith(' ~ ', i)) {
        out += `${SEP}(?:${WORD}${SEP}){0,3}`;
        i += 2;
      } else {
        out += SEP;
      }
    } else if (ch === '*') {
      out += '\\p{L}*';
    } else if (ch === '\\') {
      out += ch + (folded[i + 1] ?? '');
      i++;
    } else if ('()|?+{}'.includes(ch)) {
      out += ch;
    } else if ('.^$[]/'.includes(ch)) {
      out += '\\' + ch;
    } else {
      out += ch;
    }
  }
  return out;
}

const DIGITS = '0123456789';

/**
 * The alternatives of a source's leading group and what follows it: "(a|b)c" → alts [a, b],
 * rest "c"; null when the group never closes.
 */
export function leadingGroup(src: string): { alts: string[]; rest: string } | null {
  let depth = 0;
  const alts: string[] = [];
  let from = 1;
  for (let i = 0; i < src.length; i++) {
    const c = src[i];
    if (c === '\\') {
      i++;
      continue;
    }
    if (c === '(') depth++;
    else if (c === ')') {
      depth--;
      if (depth === 0) {
        alts.push(src.slice(from, i));
        return { alts, rest: src.slice(i + 1) };
      }
    } else if (c === '|' && depth === 1) {
      alts.push(src.slice(from, i));
      from = i + 1;
    }
  }
  return null;
}

/**
 * The characters an entry can start with, so a match is only attempted at word starts that
 * begin with one of them; null = could start with anything (leading `*`, optional group).
 */
export function firstChars(src: string): string[] | null {
  const ch = src[0];
  if (ch === undefined) return null;
  if (ch === '\\') return src[1] === 'd' ? [...DIGITS] : null;
  if (ch === '(') {
    const group = leadingGroup(src);
    if (!group) return null;
    const { alts, rest } = group;
    // Zero-width lookbehind at the start: the match starts with what follows it.
    if (src.startsWith('(?<!') || src.startsWith('(?<=')) return firstChars(rest);
    const out: string[] = [];
    if (rest.startsWith('?')) {
      const after = firstChars(rest.slice(1));
      if (!after) return null;
      out.push(...after);
    } else if (rest.startsWith('*') || rest.startsWith('{')) {
      return null;
    }
    for (let alt of alts) {
      if (alt.startsWith('?:')) alt = alt.slice(2);
      const f = firstChars(alt + (rest.startsWith('?') ? rest.slice(1) : rest));
      if (!f) return null;
      out.push(...f);
    }
    return out;
  }
  if (/[\p{L}\p{N}]/u.test(ch)) return [ch];
  return null;
}

