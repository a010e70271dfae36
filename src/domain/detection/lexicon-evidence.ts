// Lexicon evidence of the detector (P-1.2 tone, P-1.3 signals): phrases, negation, contrast,
// sarcasm and signals found by the per-language lexicons. Pure; compiled lazily per language.
import type { Highlight, Language, SignalType } from './types.ts';
import { LEXICONS } from './lexicon/index.ts';
import { compileLexicon, type CompiledLexicon } from './compile.ts';
import { findSpans, prefilter, type Span } from './matcher.ts';

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
  /** Negated complaint words ("not bad", "nicht schlecht"): the writer says it is fine. */
  reassured: number;
  irony: boolean;
  calmSpans: Span[];
  /** Spans whose words the model should not read: negated phrases and explicit non-complaints. */
  modelSkip: Span[];
  /** Start of the first contrast word ("but"), or Infinity: what follows it weighs more. */
  contrastAt: number;
  signals: Map<SignalType, Span[]>;
}

/** Empty evidence, filled by applyLexicon. */
export function newEvidence(): Evidence {
  return { neg: 0, pos: 0, calm: 0, sarcasm: 0, polite: false, reassured: 0, irony: false, calmSpans: [], signals: new Map(), contrastAt: Infinity, modelSkip: [] };
}

export function overlaps(taken: Span[], s: Span): boolean {
  for (const t of taken) if (s.start < t.end && t.start < s.end) return true;
  return false;
}

/** Ends a clause: a negator before it does not reach past it ("Not recommended.\nGreat staff"). */
function isClauseEnd(c: number): boolean {
  return c === 46 || c === 33 || c === 63 || c === 59 || c === 10 || c === 13 || c === 44 || c === 8230 || c === 58;
}

/**
 * Does a negator govern the span ("not bad", "не доволен")? Looks at the ~30 characters before
 * it, but never across a clause or line boundary.
 */
function isNegated(lex: CompiledLexicon, folded: string, s: Span): boolean {
  if (lex.negatedBefore === null) return false;
  let from = Math.max(0, s.start - 32);
  for (let i = s.start - 1; i >= from; i--) {
    if (isClauseEnd(folded.charCodeAt(i))) {
      from = i + 1;
      break;
    }
  }
  return lex.negatedBefore.test(folded.slice(from, s.start));
}

/** Where the sentence that starts at `from` ends (at most `max` characters on). */
function sentenceEnd(folded: string, from: number, max: number): number {
  const limit = Math.min(folded.length, from + max);
  for (let i = from; i < limit; i++) {
    const c = folded.charCodeAt(i);
    if (c === 46 || c === 33 || c === 63 || c === 10 || c === 13 || c === 8230) return i;
  }
  return limit;
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
  if (contrastAt < ev.contrastAt) ev.contrastAt = contrastAt;

  for (const s of findSpans(lex.calm, folded, words, masks)) {
    ev.calm += 1;
    ev.calmSpans.push(s);
    ev.modelSkip.push(s);
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
  const posWeights: number[] = [];
  const negSpans: Span[] = [];
  for (const { s, weight, positive } of cands) {
    if (overlaps(taken, s)) continue;
    const negated = isNegated(lex, folded, s);
    if (!positive) {
      if (negated) {
        ev.pos += 0.4 * weight; // "not bad", "nicht schlecht", "nav slikti"
        ev.reassured++;
        ev.modelSkip.push(s);
        mark(text, taken, hl, s, 'negated_negative');
      } else {
        ev.neg += s.start > contrastAt ? 1.25 * weight : weight;
        negSpans.push(s);
        mark(text, taken, hl, s, 'negative');
      }
    } else if (negated) {
      ev.neg += Math.max(0.9, 0.9 * weight); // "not happy", "не доволен"
      ev.modelSkip.push(s);
      negSpans.push(s);
      mark(text, taken, hl, s, 'negated_positive');
    } else {
      const w = s.start < contrastAt && contrastAt !== Infinity ? 0.35 * weight : weight;
      ev.pos += w;
      posSpans.push(s);
      posWeights.push(w);
      mark(text, taken, hl, s, 'positive');
    }
  }
  // Complaints asked as questions ("why does nobody answer?"): counted beside the phrases, since
  // they share words with them ("nobody answers") and would lose the longest-match contest.
  for (const q of findSpans(lex.questions, folded, words, masks)) {
    if (overlaps(ev.calmSpans, q)) continue;
    ev.neg += 1.2;
    hl.push({ text: text.slice(q.start, q.end), start: q.start, end: q.end, kind: 'question' });
  }
  // Sarcastic thanks: "thanks for cancelling my flight and not telling me" — a complaint or a
  // negation later in the same sentence turns the thanks (and its praise) into sarcasm.
  for (const t of findSpans(lex.thanks, folded, words, masks)) {
    const end = sentenceEnd(folded, t.end, 120);
    const complaint = negSpans.some((n) => n.start >= t.end && n.start < end);
    const negation = lex.negator !== null && lex.negator.test(folded.slice(t.end, end)) && !ev.calmSpans.some((c) => c.start >= t.end && c.start < end);
    if (!complaint && !negation) continue;
    for (let i = 0; i < posSpans.length; i++) {
      const p = posSpans[i]!;
      if (p.start < t.end && t.start < p.end) {
        ev.pos -= posWeights[i]!;
        posWeights[i] = 0;
      }
    }
    ev.sarcasm += 1;
    hl.push({ text: text.slice(t.start, t.end), start: t.start, end: t.end, kind: 'sarcasm' });
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

