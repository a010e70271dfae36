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
const WORD_CHAR_CODE = new Uint8Array(0x10000);
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

const SEP = "[^\\p{L}\\p{N}]+";
const WORD = "[\\p{L}\\p{N}'-]+";
const RB = '(?![\\p{L}\\p{N}])';

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
 * The characters an entry can start with, so a match is only attempted at word starts that
 * begin with one of them; null = could start with anything (leading `*`, optional group).
 */
function firstChars(src: string): string[] | null {
  const ch = src[0];
  if (ch === undefined) return null;
  if (ch === '\\') return src[1] === 'd' ? [...DIGITS] : null;
  if (ch === '(') {
    let depth = 0;
    let end = -1;
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
          end = i;
          break;
        }
      } else if (c === '|' && depth === 1) {
        alts.push(src.slice(from, i));
        from = i + 1;
      }
    }
    if (end < 0) return null;
    alts.push(src.slice(from, end));
    const rest = src.slice(end + 1);
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

/**
 * Entries compiled into sticky regexes bucketed by first character: matching is only tried at
 * word starts, against the few entries that can start there (≥20k messages/s per core).
 */
export interface Matcher {
  /** First character code of a word → the sticky regex of all entries that can start with it. */
  byFirst: Map<number, RegExp>;
  /** Entries with a leading `*` (compound heads, "*lautakun*"): one global scan per text. */
  infix: RegExp | null;
  /** Literal word prefixes (1–4 characters, or "no|r") an entry can start with: the word-level prefilter. */
  keys: Set<string>;
  /** This matcher's bit in its lexicon's prefilter index (set by compileLexicon). */
  bit: number;
}

/** Longest prefix length used as a prefilter key. */
export const KEY_LENGTH = 4;

const TRIE_DEPTH = 3;

interface TrieNode {
  children: Map<string, TrieNode>;
  rest: string[];
}

/** "(a|b) x" → ["a x", "b x"], so entries can share literal prefixes in the trie. */
function expandLeadingGroup(src: string, depth = 0): string[] {
  if (depth > 1 || !src.startsWith('(') || src.startsWith('(?<')) return [src];
  let level = 0;
  let end = -1;
  const alts: string[] = [];
  let from = 1;
  for (let i = 0; i < src.length; i++) {
    const c = src[i];
    if (c === '\\') {
      i++;
      continue;
    }
    if (c === '(') level++;
    else if (c === ')') {
      level--;
      if (level === 0) {
        end = i;
        break;
      }
    } else if (c === '|' && level === 1) {
      alts.push(src.slice(from, i));
      from = i + 1;
    }
  }
  if (end < 0) return [src];
  alts.push(src.slice(from, end));
  const rest = src.slice(end + 1);
  if (/^[?*+{]/.test(rest)) return [src];
  return alts.flatMap((alt) => expandLeadingGroup((alt.startsWith('?:') ? alt.slice(2) : alt) + rest, depth + 1));
}

/** How many leading characters of a regex source are plain letters/digits (trie-able). */
function literalPrefixLength(src: string): number {
  let n = 0;
  while (n < TRIE_DEPTH && n < src.length) {
    const c = src[n]!;
    if (!/[\p{L}\p{N}]/u.test(c)) break;
    if (/[?*+{]/.test(src[n + 1] ?? '')) break;
    n++;
  }
  return n;
}

function emitTrie(node: TrieNode, charSource: (c: string) => string, restSource: (s: string) => string): string {
  const parts: string[] = [];
  for (const [c, child] of node.children) parts.push(`${charSource(c)}(?:${emitTrie(child, charSource, restSource)})`);
  const rest = [...new Set(node.rest)].sort((x, y) => y.length - x.length);
  for (const r of rest) parts.push(restSource(r));
  return parts.join('|');
}

/**
 * Prefilter keys of one (expanded) entry: its first 1–4 literal letters, or for a short complete
 * first word ("no", "в", "de") that word plus the first letter of the next ("no|r"), since short
 * function words are everywhere and would send every message to the regexes.
 */
function entryKeys(src: string): string[] {
  let lit = 0;
  while (lit < KEY_LENGTH && lit < src.length && /[\p{L}\p{N}]/u.test(src[lit]!) && !/[?*+{]/.test(src[lit + 1] ?? '')) lit++;
  if (lit === 0) return [src[0]!];
  if (lit <= SHORT_WORD) {
    let rest: string | null = src.slice(lit);
    if (rest.startsWith(SEP)) rest = rest.slice(SEP.length);
    else if (/^['-]/.test(rest)) rest = rest.slice(1);
    else rest = null;
    if (rest && rest.startsWith(SEP)) rest = rest.slice(SEP.length);
    const next = rest ? firstChars(rest) : null;
    if (next) return next.map((c) => `${src.slice(0, lit)}|${c}`);
  }
  return [src.slice(0, lit)];
}

/** Words up to this length get a two-word prefilter key. */
export const SHORT_WORD = 3;

/**
 * Compiles a list of entries into a Matcher, or null if the list is empty. Within each
 * first-character bucket the entries form a trie over their first letters, so the regex engine
 * dispatches on characters instead of trying every alternative in turn.
 */
export function compileEntries(
  entries: readonly string[],
  transform?: { source: (src: string) => string; first: (ch: string) => string[] },
): Matcher | null {
  if (entries.length === 0) return null;
  const roots = new Map<string, TrieNode>();
  const extras = new Map<string, string[]>();
  const infix: string[] = [];
  const keys = new Set<string>();
  const restSource = (x: string) => (transform ? transform.source(x) : x);
  for (const e of entries) {
    const src0 = entrySource(e);
    if (src0.startsWith('\\p{L}*') && firstChars(src0.slice(6))) {
      infix.push(restSource(src0.slice(6)));
      continue;
    }
    for (const src of expandLeadingGroup(src0)) {
      const k = literalPrefixLength(src);
      if (k === 0) {
        const firsts = firstChars(src);
        if (!firsts) throw new Error(`lexicon entry cannot start a word: ${e}`);
        const firstKeys = transform ? firsts.flatMap((c) => transform.first(c)) : firsts;
        for (const key of new Set(firstKeys)) {
          keys.add(key);
          const list = extras.get(key) ?? [];
          list.push(restSource(src));
          extras.set(key, list);
        }
        continue;
      }
      if (transform) {
        for (const key of transform.first(src[0]!)) keys.add(key);
      } else {
        for (const key of entryKeys(src)) keys.add(key);
      }
      const head = src[0]!;
      let node: TrieNode | undefined = roots.get(head);
      if (!node) {
        node = { children: new Map(), rest: [] };
        roots.set(head, node);
      }
      for (let i = 1; i < k; i++) {
        const c = src[i]!;
        let next: TrieNode | undefined = node.children.get(c);
        if (!next) {
          next = { children: new Map(), rest: [] };
          node.children.set(c, next);
        }
        node = next;
      }
      node.rest.push(src.slice(k));
    }
  }
  const charSource = (c: string) => (transform ? transform.source(c) : c);
  const byFirstSrc = new Map<string, string[]>();
  for (const [head, node] of roots) {
    const src = `${charSource(head)}(?:${emitTrie(node, charSource, restSource)})`;
    for (const key of transform ? transform.first(head) : [head]) {
      const list = byFirstSrc.get(key) ?? [];
      list.push(src);
      byFirstSrc.set(key, list);
    }
  }
  for (const [key, list] of extras) byFirstSrc.set(key, [...(byFirstSrc.get(key) ?? []), ...list]);
  const byFirst = new Map<number, RegExp>();
  for (const [key, parts] of byFirstSrc) byFirst.set(key.charCodeAt(0), foldedRegExp(`(?:${parts.join('|')})${RB}`, 'y'));
  const infixRe = infix.length ? foldedRegExp(`(?:${infix.join('|')})${RB}`, 'g') : null;
  return { byFirst, infix: infixRe, keys, bit: 0 };
}

/** A span found in the input. */
export interface Span {
  start: number;
  end: number;
}

/** Spans of the infix entries, each widened to the start of its word. */
function infixSpans(re: RegExp, folded: string): Span[] {
  const out: Span[] = [];
  re.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(folded)) !== null) {
    let start = m.index;
    while (start > 0 && isFoldedWordChar(folded.charCodeAt(start - 1))) start--;
    out.push({ start, end: m.index + m[0].length });
  }
  return out;
}

/** The words of a (folded) text as flat [start, end, start, end…]: the only places matchers are tried. */
export function wordSpans(folded: string): number[] {
  const out: number[] = [];
  const n = folded.length;
  for (let i = 0; i < n; i++) {
    if (!isFoldedWordChar(folded.charCodeAt(i))) continue;
    const start = i;
    while (i + 1 < n && isFoldedWordChar(folded.charCodeAt(i + 1))) i++;
    out.push(start, i + 1);
  }
  return out;
}

// Prefilter keys as numbers: a prefix of up to four word characters is read as a base-128
// number of their WORD_CHAR_CODEs, and "short word + next word's first letter" keys ("no|r") get
// the PAIR bit. Numbers are much cheaper to look up than sliced strings.
const PAIR = 1 << 28;

function keyCode(ch: string): number {
  return ch.length === 1 ? WORD_CHAR_CODE[ch.charCodeAt(0)]! : 0;
}

/**
 * The numeric prefilter key of a Matcher key ("abcd", or "no|r" = short word + the next word's
 * first letter), or null if no folded word can produce it.
 */
export function prefilterKey(key: string): number | null {
  const bar = key.indexOf('|');
  const word = bar < 0 ? key : key.slice(0, bar);
  let k = 0;
  for (const ch of word) {
    const code = keyCode(ch);
    if (code === 0) return null;
    k = k * 128 + code;
  }
  if (bar < 0) return k;
  const next = keyCode(key.slice(bar + 1));
  return next === 0 ? null : PAIR + k * 128 + next;
}

/**
 * For each word (`words` as from wordSpans), the union of the `index` masks of its 1–4-letter
 * prefixes and, for a short word, of the word plus the next word's first letter: the matchers
 * worth trying at that word. Fills and returns `masks` (one entry per word).
 */
export function prefilter(index: Map<number, number>, folded: string, words: readonly number[], masks: number[]): number[] {
  masks.length = 0;
  for (let w = 0; w < words.length; w += 2) {
    const start = words[w]!;
    const len = words[w + 1]! - start;
    let mask = 0;
    let key = 0;
    for (let i = 0; i < len && i < KEY_LENGTH; i++) {
      key = key * 128 + WORD_CHAR_CODE[folded.charCodeAt(start + i)]!;
      mask |= index.get(key) ?? 0;
    }
    if (len <= SHORT_WORD && w + 2 < words.length) {
      mask |= index.get(PAIR + key * 128 + WORD_CHAR_CODE[folded.charCodeAt(words[w + 2]!)]!) ?? 0;
    }
    masks.push(mask);
  }
  return masks;
}

/**
 * Runs a matcher at each word start whose prefilter mask has the matcher's bit and returns the
 * non-overlapping spans it finds.
 */
export function findSpans(
  matcher: Matcher | null,
  folded: string,
  words: readonly number[],
  masks: readonly number[],
  out: Span[] = [],
): Span[] {
  if (!matcher) return out;
  const bit = matcher.bit;
  let until = 0;
  for (let w = 0; w < masks.length; w++) {
    if ((masks[w]! & bit) === 0) continue;
    const p = words[2 * w]!;
    if (p < until) continue;
    const re = matcher.byFirst.get(folded.charCodeAt(p));
    if (!re) continue;
    re.lastIndex = p;
    if (re.test(folded) && re.lastIndex > p) {
      out.push({ start: p, end: re.lastIndex });
      until = re.lastIndex;
    }
  }
  if (matcher.infix) {
    for (const s of infixSpans(matcher.infix, folded)) {
      if (!out.some((o) => s.start < o.end && o.start < s.end)) out.push(s);
    }
  }
  return out;
}
