// The dissatisfaction detector (P-1.2) and escalation-signal finder (P-1.3 → P-2.7).
// Pure: no I/O. Lexicon evidence (lexicon-evidence.ts) and the learned model (model/) are
// combined into one calibrated score; the model comes from a ModelSource the caller configures.
import type { Detection, DetectOptions, Highlight, Language, ModelSource, Signal, SignalType } from './types.ts';
import { LANGUAGES, SIGNAL_TYPES } from './types.ts';
import { identifyLanguage } from './language.ts';
import { toneCues } from './cues.ts';
import { fold } from './text.ts';
import { blankLinks } from './links.ts';
import { applyLexicon, lexiconFor, newEvidence, SIGNAL_WEIGHT, THRESHOLD } from './lexicon-evidence.ts';
import { scoreModel } from './model/linear-model.ts';
import { wordSpans } from './matcher.ts';

/** Below this language confidence a known language (customer, mailbox) is trusted over the guess. */
export const FALLBACK_BELOW = 0.45;

/**
 * Complaint evidence up to this (one weight-1 phrase, or a weaker cue) in a polite or explicitly
 * calm message leaves the verdict to the lexicon: the model may lower the score, not raise it.
 */
export const WEAK_COMPLAINT = 1;

/**
 * Signals that only mean escalation when the message is negative in tone (P-1.3): "court" in a
 * news item, swearing as an intensifier ("fucking great"), "media" in a review are not threats.
 * Threats, injuries and "you are lying" are negative by themselves.
 */
const NEEDS_NEGATIVE_TONE: ReadonlySet<SignalType> = new Set(['profanity', 'legal', 'public']);

let defaultModels: ModelSource = () => null;

/**
 * Sets the models detect() uses when the call does not pass its own: the app wires the bundled
 * weights (or the ones configured in DETECTION_MODELS) here once at start.
 */
export function useDetectionModels(source: ModelSource): void {
  defaultModels = source;
}

function logistic(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

function clip(x: number, lo: number, hi: number): number {
  return x < lo ? lo : x > hi ? hi : x;
}

/** Chooses the language: the hint, else the guess, else (when unsure) the known fallback. */
export function chooseLanguage(guess: ReturnType<typeof identifyLanguage>, opts?: DetectOptions): { language: Language; confidence: number } {
  if (opts?.language) return { language: opts.language, confidence: 1 };
  const fb = opts?.fallbackLanguage;
  if (fb && fb !== guess.language && guess.confidence < FALLBACK_BELOW && guess.scores[fb] >= 0.5 * guess.scores[guess.language]) {
    return { language: fb, confidence: FALLBACK_BELOW };
  }
  if (fb && guess.scores[guess.language] <= 0) return { language: fb, confidence: FALLBACK_BELOW };
  return { language: guess.language, confidence: guess.confidence };
}

/** Whether a signal found is dissatisfaction by itself (not a calm request, not a muted wait). */
function selfNegative(types: ReadonlySet<SignalType>, ev: ReturnType<typeof newEvidence>): boolean {
  for (const t of types) {
    if (t === 'manager_request' || t === 'legal') {
      if (!ev.polite) return true;
    } else if (!((t === 'waiting' || t === 'churn') && ev.calm > 0)) return true;
  }
  return false;
}

/**
 * Scores one message: language, dissatisfied yes/no, a calibrated score 0..1, intensity 0..3 and
 * the P-1.3 escalation signals with the exact phrases that triggered them.
 */
export function detect(input: string, opts?: DetectOptions): Detection {
  const text = blankLinks(input);
  const folded = fold(text);
  const guess = identifyLanguage(text, folded);
  const { language, confidence: languageConfidence } = chooseLanguage(guess, opts);
  const highlights: Highlight[] = [];
  const ev = newEvidence();

  const words = wordSpans(folded);
  applyLexicon(lexiconFor(language, guess.translit), input, folded, words, ev, highlights);
  // Mixed-language messages ("hola, sorry my english", "трекинг ... can you check"): also read
  // the strongest other language when it carries real weight.
  const top = guess.scores[language];
  for (const l of LANGUAGES) {
    if (l === language) continue;
    const s = guess.scores[l];
    if (s >= 2 && s >= 0.35 * top) {
      applyLexicon(lexiconFor(l, guess.translit), input, folded, words, ev, highlights);
      break;
    }
  }

  const tone = toneCues(text, folded, highlights);
  let neg = ev.neg + Math.min(2, ev.sarcasm * 1.5);
  let pos = ev.pos;
  neg += Math.min(1.6, tone.negEmoji * 0.8);
  pos += Math.min(1.6, tone.posEmoji * 0.6);
  neg += Math.min(1.2, tone.questionPile * 0.8);
  const complaintEvidence = neg;
  // Praise inside a complaint ("lovely staff, but the room was filthy") does not cancel it.
  if (neg >= 0.9) pos = Math.min(pos, 0.5 * pos + 0.5 * neg);

  const model = (opts?.models ?? defaultModels)(language);
  // "Lovely staff, but the room was filthy": as for the lexicon, what follows a contrast word
  // weighs more than the praise before it.
  const tailFrom = folded.length - ev.contrastAt >= 15 ? ev.contrastAt : Infinity;
  // Words the lexicon read as negated or calm ("not bad", "no rush") are not the model's to read.
  const modelScore = model ? scoreModel(model, folded, 3, tailFrom, ev.modelSkip) : null;
  if (modelScore && tailFrom !== Infinity) modelScore.logit = 0.35 * modelScore.logit + 0.65 * modelScore.tailLogit;
  const negativeTone = neg - 0.5 * pos >= 0.5 || (modelScore !== null && modelScore.logit > 0);

  // Signals (P-1.3). Calm requests for a manager or the legal team are not complaints; signals
  // that need a negative tone are ignored without one.
  const signalTypes = new Set<SignalType>();
  let signalScore = 0;
  for (const type of ev.signals.keys()) {
    if (NEEDS_NEGATIVE_TONE.has(type) && !negativeTone) continue;
    signalTypes.add(type);
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
  const lexicon = raw - THRESHOLD;
  let p: number;
  if (model && modelScore) {
    const c = model.calibration;
    p = logistic(c.model * clip(modelScore.logit, -8, 8) + c.lexicon * clip(lexicon, -6, 6) + c.bias);
    for (const cue of modelScore.cues) {
      highlights.push({ text: input.slice(cue.start, cue.end), start: cue.start, end: cue.end, kind: cue.weight > 0 ? 'model_negative' : 'model_positive' });
    }
    // Escalation signals (P-1.3) that are complaints by themselves — a threat, an injury, "you
    // are lying", a non-polite demand for a manager — are not out-voted by a model trained on
    // reviews and posts: the score is at least the lexicon's own.
    if (selfNegative(signalTypes, ev)) p = Math.max(p, logistic(1.5 * lexicon));
    // And the reverse: a polite request, an explicit non-complaint ("no rush", "my fault") or a
    // negated complaint word ("not bad") with at most weak complaint evidence (one weight-1
    // phrase: "lost my card (my own fault)", "refund policy?") is the lexicon's to read; the
    // model may lower the score but not raise it above the lexicon-only score. Review corpora
    // have no such requests (en's has no neutral class at all), so their models read the
    // service words in them ("refund", "order", "card") as complaint.
    else if (complaintEvidence <= WEAK_COMPLAINT && (ev.polite || ev.calm > 0 || ev.reassured > 0)) p = Math.min(p, logistic(1.5 * lexicon));
  } else {
    p = logistic(1.5 * lexicon);
  }
  const score = Math.round(p * 1000) / 1000;
  const dissatisfied = score > 0.5;

  const signals: Signal[] = [];
  for (const type of SIGNAL_TYPES) {
    const spans = ev.signals.get(type);
    if (!spans || !signalTypes.has(type)) continue;
    if (!dissatisfied && type !== 'manager_request' && type !== 'legal') continue;
    spans.sort((a, b) => a.start - b.start);
    signals.push({ type, phrases: spans.map((s) => input.slice(s.start, s.end)) });
    for (const s of spans) highlights.push({ text: input.slice(s.start, s.end), start: s.start, end: s.end, kind: `signal:${type}` });
  }
  highlights.sort((a, b) => a.start - b.start || b.end - a.end);

  let intensity: 0 | 1 | 2 | 3 = 0;
  if (dissatisfied) {
    const has = (t: SignalType) => signalTypes.has(t);
    const rage =
      has('profanity') ||
      has('threat') ||
      tone.shouting ||
      (has('safety') && (has('legal') || has('credibility'))) ||
      (has('legal') && has('repeat_contact')) ||
      (has('credibility') && (has('manager_request') || has('legal')) && signalTypes.size <= 3);
    if (rage || raw >= 7) intensity = 3;
    else if (raw >= 2.4 || signalTypes.size >= 2 || (signalTypes.size === 1 && !has('waiting'))) intensity = 2;
    else intensity = 1;
  }

  return {
    language,
    languageConfidence,
    dissatisfied,
    score,
    intensity,
    signals,
    phrases: highlights,
    parts: { lexicon: Math.round(lexicon * 1000) / 1000, model: modelScore ? Math.round(modelScore.logit * 1000) / 1000 : null },
  };
}
