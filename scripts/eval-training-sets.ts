// Tables (b) and (c) of `npm run eval:detection`: the whole detector on a cross-source split and on
// the held-out part of ../shared/train (see detection-data.ts for how both are drawn).
import { LANGUAGES, type Language } from '../src/domain/detection/index.ts';
import { CROSS_SOURCE, crossSourceFolds, heldOutEvalItems, loadLanguage, TRAIN_DIR } from './detection-data.ts';
import { figures, predict, readFoldModel, type Figures } from './detection-eval.ts';

const fmt = (x: number) => (Number.isNaN(x) ? '  -  ' : x.toFixed(3));
const row = (name: string, f: Figures, extra = '') =>
  `${name.padEnd(8)}${String(f.n).padEnd(7)}${fmt(f.macroF1).padEnd(9)}${fmt(f.negP).padEnd(7)}${fmt(f.negR).padEnd(7)}${extra}`;
const HEAD = `${'lang'.padEnd(8)}${'n'.padEnd(7)}${'macroF1'.padEnd(9)}${'negP'.padEnd(7)}${'negR'.padEnd(7)}`;

/** (b) per language: predictions of every fold pooled; null when a fold model is missing. */
export function crossSourceFigures(lang: Language, dir = TRAIN_DIR): { all: Figures; folds: { name: string; f: Figures }[] } | null {
  const items = loadLanguage(lang, dir);
  if (!items) return null;
  const pooled: { gold: boolean; pred: boolean }[] = [];
  const folds: { name: string; f: Figures }[] = [];
  for (const fold of crossSourceFolds(lang, items)) {
    const model = readFoldModel(lang, fold.name);
    if (!model) return null;
    const pairs = predict(fold.test, lang, model);
    pooled.push(...pairs);
    folds.push({ name: fold.name, f: figures(pairs) });
  }
  return { all: figures(pooled), folds };
}

/** (c) per language: the bundled model on the held-out part of each training file (up to 150 per file and label). */
export function heldOutFigures(lang: Language, dir = TRAIN_DIR): Figures | null {
  const items = loadLanguage(lang, dir);
  return items ? figures(predict(heldOutEvalItems(items), lang)) : null;
}

/** Prints tables (b) and (c). */
export function printTrainingTables(dir = TRAIN_DIR): void {
  console.log(`\n(b) Cross-source split of ${dir}: fold models trained without the test source (fallback language = corpus language)`);
  console.log(`${HEAD}how`);
  const details: string[] = [];
  for (const lang of LANGUAGES) {
    const r = crossSourceFigures(lang, dir);
    if (!r) {
      console.log(`${lang.padEnd(8)}not available (corpus or fold models missing: npm run train:detection)`);
      continue;
    }
    console.log(row(lang, r.all, CROSS_SOURCE[lang].note));
    for (const f of r.folds) details.push(row(`  ${lang}`, f.f, `left out: ${f.name}`));
  }
  console.log('per fold:');
  for (const d of details) console.log(d);
  console.log(`\n(c) Held-out part of each training file (never read by training), bundled models`);
  console.log(HEAD);
  for (const lang of LANGUAGES) {
    const f = heldOutFigures(lang, dir);
    console.log(f ? row(lang, f) : `${lang.padEnd(8)}not available`);
  }
}
