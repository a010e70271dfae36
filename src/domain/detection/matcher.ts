// Lexicon matching (see docs/DETECTION.md): each list of entries compiles into sticky regexes
// arranged as a trie per first letter, and a prefilter of word prefixes decides which run where.
import { WORD_CHAR_CODE, isFoldedWordChar, SEP, RB, foldedRegExp, entrySource, firstChars, leadingGroup } from './text.ts';

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
  const group = leadingGroup(src);
  if (!group) return [src];
  const { alts, rest } = group;
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
