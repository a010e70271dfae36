// Lexicon evidence of the detector (P-1.2 tone, P-1.3 signals): phrases, negation, contrast,
// sarcasm and signals found by the per-language lexicons. Pure; compiled lazily per language.
import type { Highlight, Language, SignalType } from './types.ts';
import { LEXICONS } from './lexicon/index.ts';
import { compileLexicon, type CompiledLexicon } from './compile.ts';
import { findSpans, prefilter, type Span } from './text.ts';

/** Compiled lexicons by language (`ru-translit`: Russian typed in Latin letters), built on first use. */
const COMPILED = new Map<string, CompiledLexicon>();

/**
 * The compiled lexicon for a language. Compiling is lazy so that a process pays only for the
 * languages it meets (a few ms each, then V8 compiles each regex on its first run).
 */
export function lexiconFor(language: Language, translit: boolean): CompiledLexicon {
  const key = translit && language === 'ru' ? 'ru-translit' : language;
  let lex = COMPILED.get(key);
  if (!lex) {
    lex = compileLexicon(LEXICONS[language], key === 'ru-translit');
    COMPILED.set(key, lex);
  }
  return lex;
}

/** How much each signal says about dissatisfaction (calm manager/legal requests exist: README). */
export const SIGNAL_WEIGHT: Record<SignalType, number> = {
  manager_request: 1.2,
  credibility: 1.8,
  profanity: 1.8,
  threat: 2.2,
  legal: 1.4,
  churn: 1.5,
  public: 1.6,
  repeat_contact: 1.5,
  waiting: 1.0,
  safety: 1.6,
};

/** raw evidence above which a message reads as dissatisfied (score > 0.5). */
export const THRESHOLD = 1.0;

/** What the lexicons found in one message. */
export interface Evidence {
  neg: number;
  pos: number;
  calm: number;
  sarcasm: number;
  polite: boolean;
  irony: boolean;
  calmSpans: Span[];
  signals: Map<SignalType, Span[]>;
}

/** Empty evidence, filled by applyLexicon. */
export function newEvidence(): Evidence {
  return { neg: 0, pos: 0, calm: 0, sarcasm: 0, polite: false, irony: false, calmSpans: [], signals: new Map() };
}

export function overlaps(taken: Span[], s: Span): boolean {
  for (const t of taken) if (s.start < t.end && t.start < s.end) return true;
  return false;
}

/** Does a negator govern the span ("not bad", "не доволен")? Looks at the ~30 characters before it. */
function isNegated(lex: CompiledLexicon, folded: string, s: Span): boolean {
  return lex.negatedBefore !== null && lex.negatedBefore.test(folded.slice(Math.max(0, s.start - 32), s.start));
}

/** Records a span as taken (longer overlapping phrases already won) and highlights it. */
function mark(text: string, taken: Span[], hl: Highlight[], s: Span, kind: string): void {
  taken.push(s);
  hl.push({ text: text.slice(s.start, s.end), start: s.start, end: s.end, kind });
}

/** Prefilter masks, one per word; reused between calls (detect is synchronous). */
const MASKS: number[] = [];

/** Runs one compiled lexicon over the folded text, accumulating evidence and highlights. */
export function applyLexicon(
  lex: CompiledLexicon,
  text: string,
  folded: string,
  words: readonly number[],
  ev: Evidence,
  hl: Highlight[],
): void {
  // Word-prefix prefilter: each matcher is only tried at the words whose first 1–4 letters
  // can begin one of its entries (≥20k messages/s per core).
  const masks = prefilter(lex.index, folded, words, MASKS);
  const taken: Span[] = [];
  const contrastSpans = findSpans(lex.contrast, folded, words, masks);
  const contrastAt = contrastSpans.length ? contrastSpans[0]!.start : Infinity;

  for (const s of findSpans(lex.calm, folded, words, masks)) {
    ev.calm += 1;
    ev.calmSpans.push(s);
    mark(text, taken, hl, s, 'calm');
  }
  for (const s of findSpans(lex.sarcasm, folded, words, masks)) {
    if (overlaps(taken, s)) continue;
    ev.sarcasm += 1;
    mark(text, taken, hl, s, 'sarcasm');
  }
  if (lex.irony?.test(folded)) ev.irony = true;
  if (findSpans(lex.polite, folded, words, masks).length) ev.polite = true;

  // Negative and positive phrases compete: the longest match wins ("not impressed" over
  // "impressed", "como siempre" over "siempre").
  const cands: { s: Span; weight: number; positive: boolean }[] = [];
  for (const { weight, re } of lex.neg) {
    for (const s of findSpans(re, folded, words, masks)) cands.push({ s, weight, positive: false });
  }
  for (const { weight, re } of lex.pos) {
    for (const s of findSpans(re, folded, words, masks)) cands.push({ s, weight, positive: true });
  }
  cands.sort((a, b) => b.s.end - b.s.start - (a.s.end - a.s.start) || a.s.start - b.s.start);
  const posSpans: Span[] = [];
  for (const { s, weight, positive } of cands) {
    if (overlaps(taken, s)) continue;
    const negated = isNegated(lex, folded, s);
    if (!positive) {
      if (negated) {
        ev.pos += 0.4 * weight; // "not bad", "nicht schlecht", "nav slikti"
        mark(text, taken, hl, s, 'negated_negative');
      } else {
        ev.neg += s.start > contrastAt ? 1.25 * weight : weight;
        mark(text, taken, hl, s, 'negative');
      }
    } else if (negated) {
      ev.neg += 0.9; // "not happy", "не доволен"
      mark(text, taken, hl, s, 'negated_positive');
    } else {
      ev.pos += s.start < contrastAt && contrastAt !== Infinity ? 0.35 * weight : weight;
      posSpans.push(s);
      mark(text, taken, hl, s, 'positive');
    }
  }
  ev.calmSpans.push(...posSpans);
  for (const { type, re } of lex.signals) {
    for (const s of findSpans(re, folded, words, masks)) {
      if (type === 'profanity' && posSpans.some((p) => p.start >= s.start - 1 && p.start - s.end <= 12)) {
        continue; // "bloody brilliant", "vitun hyvä": swearing used as praise is no complaint
      }
      if ((type === 'waiting' || type === 'churn') && overlaps(ev.calmSpans, s)) continue; // "worth the wait"
      const list = ev.signals.get(type) ?? [];
      if (!overlaps(list, s)) list.push(s);
      ev.signals.set(type, list);
    }
  }
}

