// Public API of the dissatisfaction detector (P-1.2 find the dissatisfied, P-1.3 escalation signals).
import type { Language } from './types.ts';
import { identifyLanguage } from './language.ts';

export type { Detection, DetectOptions, Highlight, Language, Signal, SignalType } from './types.ts';
export { LANGUAGES, SIGNAL_TYPES } from './types.ts';
export { detect } from './detect.ts';

/** Identifies the language of a customer message (short, mixed, translit and diacritic-free text). */
export function detectLanguage(text: string): { language: Language; confidence: number } {
  const { language, confidence } = identifyLanguage(text);
  return { language, confidence };
}
