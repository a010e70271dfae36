// Public types of the dissatisfaction detector (P-1.2, P-1.3).

/** The languages the detector has lexicons for; the product's supported customer languages. */
import { LANGUAGES, type Language } from '../languages.ts';

export { LANGUAGES, type Language };

/** Escalation signals of P-1.3 (plus waiting/repeat contact from P-1.2) that trigger P-2.7. */
export type SignalType =
  | 'manager_request'
  | 'credibility'
  | 'profanity'
  | 'threat'
  | 'legal'
  | 'churn'
  | 'public'
  | 'repeat_contact'
  | 'waiting'
  | 'safety';

/** All signal types in a stable order, so callers and reports can iterate them. */
export const SIGNAL_TYPES: readonly SignalType[] = [
  'manager_request',
  'credibility',
  'profanity',
  'threat',
  'legal',
  'churn',
  'public',
  'repeat_contact',
  'waiting',
  'safety',
];


/** One escalation signal with the exact input substrings that triggered it. */
export interface Signal {
  type: SignalType;
  phrases: string[];
}

/** A highlight for the UI: where in the input a cue was found and what kind of cue it is. */
export interface Highlight {
  text: string;
  start: number;
  end: number;
  kind: string;
}

/** The detector's verdict on one message (P-1.2: score every inbound message). */
export interface Detection {
  language: Language;
  languageConfidence: number;
  dissatisfied: boolean;
  /** Calibrated probability that the writer is dissatisfied (model, lexicon and signals combined). */
  score: number;
  intensity: 0 | 1 | 2 | 3;
  signals: Signal[];
  phrases: Highlight[];
  /** The two parts behind the score: lexicon evidence (0 = on the fence) and the model's logit (null: no model). */
  parts: { lexicon: number; model: number | null };
}

/**
 * A language's learned model, or null when there is none or it is switched off. The detector
 * calls it on the first message of each language; a loader should cache (models/load-models.ts).
 */
export type ModelSource = (language: Language) => import('./model/linear-model.ts').LinearModel | null;

/** Options for detect(). */
export interface DetectOptions {
  /** The language, when the case language is already known (confidence 1). */
  language?: Language;
  /** The customer's or mailbox's known language: used when the text is too short or mixed to tell. */
  fallbackLanguage?: Language | null;
  /** Models to use instead of the configured ones (`() => null`: lexicon only). */
  models?: ModelSource;
}
