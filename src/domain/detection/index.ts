// Public API of the dissatisfaction detector (P-1.2 find the dissatisfied, P-1.3 escalation signals).
import type { Language } from './types.ts';
import { identifyLanguage } from './language.ts';
import { chooseLanguage, useDetectionModels } from './detect.ts';
import { fileModelSource } from './models/load-models.ts';

export type { Detection, DetectOptions, Highlight, Language, ModelSource, Signal, SignalType } from './types.ts';
export { LANGUAGES, SIGNAL_TYPES } from './types.ts';
export { detect, FALLBACK_BELOW, useDetectionModels } from './detect.ts';
export { fileModelSource, parseModelChoices } from './models/load-models.ts';

// By default every process uses the committed weights, each loaded on its language's first message;
// DETECTION_MODELS (config.ts) replaces or switches them off through useDetectionModels.
useDetectionModels(fileModelSource());

/** Identifies the language of a customer message (short, mixed, translit and diacritic-free text). */
export function detectLanguage(text: string, fallbackLanguage?: Language | null): { language: Language; confidence: number } {
  return chooseLanguage(identifyLanguage(text), { fallbackLanguage });
}
