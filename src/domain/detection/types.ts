// Public types of the dissatisfaction detector (P-1.2, P-1.3).

/** The languages the detector has lexicons for; the product's supported customer languages. */
export type Language = 'en' | 'ru' | 'ro' | 'lv' | 'fi' | 'de' | 'es';

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

/** All supported languages, in the order reports list them. */
export const LANGUAGES: readonly Language[] = ['en', 'ru', 'ro', 'lv', 'fi', 'de', 'es'];

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
  score: number;
  intensity: 0 | 1 | 2 | 3;
  signals: Signal[];
  phrases: Highlight[];
}

/** Options for detect(): a language hint when the case language is already known. */
export interface DetectOptions {
  language?: Language;
}
