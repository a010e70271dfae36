// `npm run train:detection [-- --lang ru,de] [--train-dir DIR] [--no-folds]`: trains each
// language's model from ../shared/train (held-out part excluded) and writes
// src/domain/detection/models/<lang>.bin.gz, plus the cross-source fold models of (b).
// Reproducible: fixed seed, deterministic splits, no network. The devset is never read.
import { mkdirSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { LANGUAGES, type Language } from '../src/domain/detection/index.ts';
import { BUNDLED_MODELS_DIR } from '../src/domain/detection/models/load-models.ts';
import { encodeModel } from '../src/domain/detection/model/linear-model.ts';
import { crossSourceFolds, loadLanguage, splitHeldOut, TRAIN_DIR, type Item } from './detection-data.ts';
import { FOLD_DIR, foldFile } from './detection-eval.ts';
import { TRAINING } from './detection-trainer.ts';
import { hasCrossSourceGroups, trainModel, type Trained } from './detection-select.ts';

const { values } = parseArgs({ options: { lang: { type: 'string' }, 'train-dir': { type: 'string' }, 'no-folds': { type: 'boolean' }, verbose: { type: 'boolean' } } });
const langs = (values.lang ? values.lang.split(',') : LANGUAGES) as Language[];
const dir = values['train-dir'] ?? TRAIN_DIR;
const log = values.verbose ? (s: string) => console.log(s) : () => {};

// gzip level 9, no timestamp in the header: the same weights give the same bytes.
const bytesOf = (m: Trained) => gzipSync(encodeModel(m), { level: 9 });
const summary = (m: Trained) => `chose ${JSON.stringify(m.chosen)} by ${m.grouping}${m.crossSource ? '' : ' (calibration also on other languages\' cross-source rows)'} (${m.groups.length} groups, validation ${m.validation.toFixed(3)}); calibration ${JSON.stringify(m.calibration)}`;

console.log(`Training from ${dir}: bits ${TRAINING.bits}, seed ${TRAINING.seed}, ${TRAINING.grid.length} settings to choose from`);
const corpora = new Map<Language, Item[]>();
for (const lang of LANGUAGES) {
  const items = loadLanguage(lang, dir);
  if (items) corpora.set(lang, items);
  else if (langs.includes(lang)) console.log(`${lang}: corpus not found in ${dir}; skipped`);
}

// Single-source languages borrow the cross-source validation rows of the others (detection-select.ts),
// so every language's cross-source rows are computed first — also when only some languages are written.
const finals = new Map<Language, Trained>();
const trainOf = (lang: Language) => splitHeldOut(corpora.get(lang)!).train;
const crossFirst = [...corpora.keys()].filter((l) => hasCrossSourceGroups(trainOf(l)));
for (const lang of [...crossFirst, ...langs.filter((l) => corpora.has(l) && !crossFirst.includes(l))]) {
  finals.set(lang, trainModel(lang, trainOf(lang), sourcesOf(trainOf(lang)), log, borrowedFor(lang)));
}

for (const lang of langs.filter((l) => corpora.has(l))) {
  const t0 = performance.now();
  const items = corpora.get(lang)!;
  const { train, heldOut } = splitHeldOut(items);
  const model = finals.get(lang)!;
  const bytes = bytesOf(model);
  writeFileSync(join(BUNDLED_MODELS_DIR, `${lang}.bin.gz`), bytes);
  console.log(`${lang}: ${train.length} training items, ${heldOut.length} held out; ${summary(model)}; ${(bytes.length / 1024).toFixed(0)} kB`);
  if (!values['no-folds']) {
    // The cross-source split (b): one model per left-out source, chosen and calibrated without it
    // (the rows it may borrow come from other languages only).
    mkdirSync(FOLD_DIR, { recursive: true });
    for (const fold of crossSourceFolds(lang, items)) {
      const m = trainModel(lang, fold.train, sourcesOf(fold.train), log, borrowedFor(lang));
      writeFileSync(foldFile(lang, fold.name), bytesOf(m));
      console.log(`  fold without ${fold.name}: ${summary(m)}`);
    }
  }
  console.log(`  ${((performance.now() - t0) / 1000).toFixed(1)} s`);
}

function sourcesOf(items: Item[]): string[] {
  return [...new Set(items.map((i) => i.source.split(':')[0]!))].sort();
}

/** The cross-source rows of the other languages' final models (empty until they are trained). */
function borrowedFor(lang: Language) {
  return [...finals.entries()].filter(([l, m]) => l !== lang && m.crossSource).flatMap(([l, m]) => m.rows.map((r) => ({ ...r, group: `${l}:${r.group}` })));
}
