// Loads the learned models' weights (the I/O edge of detection): the files committed next to this
// one (<lang>.bin.gz, trained by `npm run train:detection`), or the ones DETECTION_MODELS names,
// each read once, on the first message of its language.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import type { Language, ModelSource } from '../types.ts';
import { LANGUAGES } from '../types.ts';
import { decodeModel, type LinearModel } from '../model/linear-model.ts';

/** Where the committed weights live (a bundled CLI sets import.meta.dirname to this folder). */
export const BUNDLED_MODELS_DIR: string = import.meta.dirname;

/** Per language: the bundled weights, a file of other weights, or off (lexicon only). */
export type ModelChoice = { kind: 'bundled' } | { kind: 'off' } | { kind: 'file'; path: string };

/**
 * Parses DETECTION_MODELS: "off" (every language lexicon-only), or a comma list of
 * `<lang>=off` / `<lang>=/path/to/weights.bin`; unnamed languages keep the bundled weights.
 * Throws a readable error on a bad entry (config.ts turns it into a start-up error).
 */
export function parseModelChoices(spec: string | undefined): Record<Language, ModelChoice> {
  const out = Object.fromEntries(LANGUAGES.map((l) => [l, { kind: 'bundled' } as ModelChoice])) as Record<Language, ModelChoice>;
  const s = (spec ?? '').trim();
  if (!s || s === 'bundled') return out;
  if (s === 'off') {
    for (const l of LANGUAGES) out[l] = { kind: 'off' };
    return out;
  }
  for (const item of s.split(',').map((x) => x.trim()).filter(Boolean)) {
    const eq = item.indexOf('=');
    const lang = item.slice(0, eq).trim() as Language;
    const value = item.slice(eq + 1).trim();
    if (eq < 0 || !LANGUAGES.includes(lang) || !value) {
      throw new Error(`"${item}": use off, or <lang>=off|bundled|<path> with lang one of ${LANGUAGES.join(', ')}`);
    }
    out[lang] = value === 'off' ? { kind: 'off' } : value === 'bundled' ? { kind: 'bundled' } : { kind: 'file', path: value };
  }
  return out;
}

/** A model file's bytes, gunzipped when they are gzip (the committed files are). */
export function readModelFile(path: string): LinearModel {
  const bytes = readFileSync(path);
  return decodeModel(bytes[0] === 0x1f && bytes[1] === 0x8b ? gunzipSync(bytes) : bytes);
}

/**
 * A ModelSource reading each language's weights on first use and keeping them. A missing bundled
 * file means lexicon only; a configured file that cannot be read is an error (said once, loudly).
 */
export function fileModelSource(choices: Record<Language, ModelChoice> = parseModelChoices(undefined), dir = BUNDLED_MODELS_DIR): ModelSource {
  const cache = new Map<Language, LinearModel | null>();
  return (language) => {
    let m = cache.get(language);
    if (m !== undefined) return m;
    const choice = choices[language];
    m = null;
    if (choice.kind === 'file') {
      m = readModelFile(choice.path);
      if (m.language !== language) throw new Error(`${choice.path} holds a ${m.language} model, not ${language}`);
    } else if (choice.kind === 'bundled') {
      const path = join(dir, `${language}.bin.gz`);
      if (existsSync(path)) m = readModelFile(path);
    }
    cache.set(language, m);
    return m;
  };
}
