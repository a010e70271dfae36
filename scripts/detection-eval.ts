// Scoring of the whole detector (model + lexicon + signals) on labelled items, for the
// evaluation tables (b) and (c) and the regression test against detection-baseline.json.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { detect, fileModelSource, type Language, type ModelSource } from '../src/domain/detection/index.ts';
import { BUNDLED_MODELS_DIR } from '../src/domain/detection/models/load-models.ts';
import { decodeModel, type LinearModel } from '../src/domain/detection/model/linear-model.ts';
import type { Item } from './detection-data.ts';

/** Binary figures: macro-F1 of negative vs rest, and negative precision/recall. */
export interface Figures {
  n: number;
  macroF1: number;
  negP: number;
  negR: number;
}

/** Where the cross-source fold models are kept (written by train:detection, read by eval and test). */
export const FOLD_DIR = join(BUNDLED_MODELS_DIR, 'folds');

/** The file name of a fold model: language and the left-out source. */
export function foldFile(lang: Language, fold: string): string {
  return join(FOLD_DIR, `${lang}-${fold.replace(/[^A-Za-z0-9]+/g, '_').slice(0, 60)}.bin.gz`);
}

/** Reads a fold model, or null when train:detection has not written it. */
export function readFoldModel(lang: Language, fold: string): LinearModel | null {
  const path = foldFile(lang, fold);
  return existsSync(path) ? decodeModel(gunzipSync(readFileSync(path))) : null;
}

function f1(tp: number, fp: number, fn: number): number {
  return tp === 0 ? 0 : (2 * tp) / (2 * tp + fp + fn);
}

/** Figures from predictions. */
export function figures(pairs: { gold: boolean; pred: boolean }[]): Figures {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  let tn = 0;
  for (const { gold, pred } of pairs) {
    if (gold && pred) tp++;
    else if (!gold && pred) fp++;
    else if (gold && !pred) fn++;
    else tn++;
  }
  return {
    n: pairs.length,
    macroF1: (f1(tp, fp, fn) + f1(tn, fn, fp)) / 2,
    negP: tp + fp === 0 ? NaN : tp / (tp + fp),
    negR: tp + fn === 0 ? NaN : tp / (tp + fn),
  };
}

const bundled = fileModelSource();

/**
 * Runs the detector on items of a known corpus language. The corpus language is given as the
 * fallback a mailbox or customer record would give (used only when the text is too short or
 * mixed to tell), not as a hint; `model` replaces that language's bundled model (a fold model).
 */
export function predict(items: Item[], lang: Language, model?: LinearModel | null): { gold: boolean; pred: boolean }[] {
  const models: ModelSource = model === undefined ? bundled : (l) => (l === lang ? model : bundled(l));
  return items.map((it) => ({ gold: it.negative, pred: detect(it.text, { fallbackLanguage: lang, models }).dissatisfied }));
}

/** Rounded figures for the baseline file. */
export function rounded(f: Figures): Figures {
  const r = (x: number) => Math.round(x * 1000) / 1000;
  return { n: f.n, macroF1: r(f.macroF1), negP: r(f.negP), negR: r(f.negR) };
}
