// The dissatisfaction detector (P-1.2) and escalation-signal finder (P-1.3 → P-2.7).
// Pure: no I/O. Each language's regexes are compiled once, on its first use (see compile.ts).
import type { Detection, DetectOptions, Highlight, Language, Signal, SignalType } from './types.ts';
import { LANGUAGES, SIGNAL_TYPES } from './types.ts';
import { LEXICONS } from './lexicon/index.ts';
import { compileLexicon, type CompiledLexicon } from './compile.ts';
import { identifyLanguage } from './language.ts';
import { toneCues } from './cues.ts';
import { fold, findSpans, prefilter, wordSpans, type Span } from './text.ts';

/** Compiled lexicons by language (`ru-translit`: Russian typed in Latin letters), built on first use. */
const COMPILED = new Map<string, CompiledLexicon>();

/**
 * The compiled lexicon for a language. Compiling is lazy so that a process pays only for the
 * languages it meets (a few ms each, then V8 compiles each regex on its first run).
 */
function lexiconFor(language: Language, translit: boolean): CompiledLexicon {
  const key = translit && language === 'ru' ? 'ru-translit' : language;
  let lex = COMPILED.get(key);
  if (!lex) {
    lex = compileLexicon(LEXICONS[language], key === 'ru-translit');
    COMPILED.set(key, lex);
  }
  return lex;
}

/** How much each signal says about dissatisfaction (calm manager/legal requests exist: README). */
const SIGNAL_WEIGHT: Record<SignalType, number> = {
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
const THRESHOLD = 1.0;

interface Evidence {
  neg: number;
  pos: number;
  calm: number;
  sarcasm: number;
  polite: boolean;
  irony: boolean;
  calmSpans: Span[];
  signals: Map<SignalType, Span[]>;
}

function overlaps(taken: Span[], s: Span): boolean {
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
function applyLexicon(
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

function logistic(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

/**
 * Scores one message: language, dissatisfied yes/no, score 0..1, intensity 0..3 and the P-1.3
 * escalation signals with the exact phrases that triggered them.
 */
export function detect(text: string, opts?: DetectOptions): Detection {
  const folded = fold(text);
  const guess = identifyLanguage(text, folded);
  const language = opts?.language ?? guess.language;
  const languageConfidence = opts?.language ? 1 : guess.confidence;
  const highlights: Highlight[] = [];
  const ev: Evidence = { neg: 0, pos: 0, calm: 0, sarcasm: 0, polite: false, irony: false, calmSpans: [], signals: new Map() };

  const primary = lexiconFor(language, guess.translit);
  const words = wordSpans(folded);
  applyLexicon(primary, text, folded, words, ev, highlights);
  // Mixed-language messages ("hola, sorry my english", "трекинг ... can you check"): also read
  // the strongest other language when it carries real weight.
  const top = guess.scores[language];
  for (const l of LANGUAGES) {
    if (l === language) continue;
    const s = guess.scores[l];
    if (s >= 2 && s >= 0.35 * top) {
      applyLexicon(lexiconFor(l, guess.translit), text, folded, words, ev, highlights);
      break;
    }
  }

  const tone = toneCues(text, folded, highlights);
  let neg = ev.neg + Math.min(2, ev.sarcasm * 1.5);
  let pos = ev.pos;
  neg += Math.min(1.6, tone.negEmoji * 0.8);
  pos += Math.min(1.6, tone.posEmoji * 0.6);
  neg += Math.min(1.2, tone.questionPile * 0.8);

  // Signals (P-1.3). Calm requests for a manager or the legal team are not complaints.
  const signalTypes = new Set(ev.signals.keys());
  let signalScore = 0;
  for (const type of signalTypes) {
    let w = SIGNAL_WEIGHT[type];
    if ((type === 'manager_request' || type === 'legal') && ev.polite) w = 0.1;
    if ((type === 'waiting' || type === 'churn') && ev.calm > 0) w *= 0.2;
    signalScore += w;
  }
  neg += signalScore;

  // Irony: praise words around a complaint ("Great, third time…", "Ну супер", 🙃) turn negative.
  if ((ev.irony || tone.ironyEmoji) && neg >= 0.9) {
    neg += 1 + 0.5 * pos;
    pos *= 0.2;
  }
  if (tone.capsWords > 0 && neg > pos) neg += Math.min(0.6, tone.capsWords * 0.3);
  if (tone.shouting) {
    if (neg > pos) neg += 1.2;
    else pos += 0.6;
  }
  if (tone.exclaimPile > 0) {
    if (neg > pos) neg += 0.5;
    else pos += 0.4;
  }

  const raw = neg - pos - ev.calm * 1.3;
  const dissatisfied = raw > THRESHOLD;
  const score = Math.round(logistic(1.5 * (raw - THRESHOLD)) * 1000) / 1000;

  const signals: Signal[] = [];
  for (const type of SIGNAL_TYPES) {
    const spans = ev.signals.get(type);
    if (!spans) continue;
    if (!dissatisfied && type !== 'manager_request' && type !== 'legal') continue;
    spans.sort((a, b) => a.start - b.start);
    signals.push({ type, phrases: spans.map((s) => text.slice(s.start, s.end)) });
    for (const s of spans) highlights.push({ text: text.slice(s.start, s.end), start: s.start, end: s.end, kind: `signal:${type}` });
  }
  highlights.sort((a, b) => a.start - b.start || b.end - a.end);

  let intensity: 0 | 1 | 2 | 3 = 0;
  if (dissatisfied) {
    const rage =
      signalTypes.has('profanity') ||
      signalTypes.has('threat') ||
      tone.shouting ||
      (signalTypes.has('safety') && (signalTypes.has('legal') || signalTypes.has('credibility'))) ||
      (signalTypes.has('legal') && signalTypes.has('repeat_contact')) ||
      (signalTypes.has('credibility') && (signalTypes.has('manager_request') || signalTypes.has('legal')) && signalTypes.size <= 3);
    if (rage || raw >= 7) intensity = 3;
    else if (raw >= 2.4 || signalTypes.size >= 2 || (signalTypes.size === 1 && !signalTypes.has('waiting'))) intensity = 2;
    else intensity = 1;
  }

  return { language, languageConfidence, dissatisfied, score, intensity, signals, phrases: highlights };
}
