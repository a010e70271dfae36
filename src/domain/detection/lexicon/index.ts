// Registry of the per-language lexicons. Adding a language: add its file and one line here.
import type { Language } from '../types.ts';
import type { Lexicon } from './schema.ts';
import { de } from './de.ts';
import { en } from './en.ts';
import { es } from './es.ts';
import { fi } from './fi.ts';
import { lv } from './lv.ts';
import { ro } from './ro.ts';
import { ru } from './ru.ts';

/** Every supported language's lexicon, keyed by language (P-1.2: read each customer in their own language). */
export const LEXICONS: Record<Language, Lexicon> = { en, ru, ro, lv, fi, de, es };

export type { Lexicon } from './schema.ts';
