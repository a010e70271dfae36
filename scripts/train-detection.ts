// `npm run train:detection [-- --lang ru,de] [--train-dir DIR]`: trains each language's model
// from ../shared/train (held-out part excluded) and writes src/domain/detection/models/<lang>.bin.
// Reproducible: fixed seed, deterministic splits, no network.
import { mkdirSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { LANGUAGES, type Language } from '../src/domain/detection/index.ts';
import { BUNDLED_MODELS_DIR } from '../src/domain/detection/models/load-models.ts';
import { encodeModel } from '../src/domain/detection/model/linear-model.ts';
import { crossSourceFolds, DEVSET_DIR, loadDevset, loadLanguage, splitHeldOut, TRAIN_DIR } from './detection-data.ts';
import { FOLD_DIR, foldFile } from './detection-eval.ts';
import { TRAINING, trainModel } from './detection-trainer.ts';

const { values } = parseArgs({ options: { lang: { type: 'string' }, 'train-dir': { type: 'string' }, 'devset-dir': { type: 'string' } } });
const langs = (values.lang ? values.lang.split(',') : LANGUAGES) as Language[];
const dir = values['train-dir'] ?? TRAIN_DIR;
const devDir = values['devset-dir'] ?? DEVSET_DIR;

console.log(`Training from ${dir} with ${JSON.stringify(TRAINING)}`);
for (const lang of langs) {
  const t0 = performance.now();
  const items = loadLanguage(lang, dir);
  if (!items) {
    console.log(`${lang}: corpus not found in ${dir}; skipped`);
    continue;
  }
  const { train, heldOut } = splitHeldOut(items);
  const sources = [...new Set(train.map((i) => i.source.split(':')[0]!))].sort();
  const dev = loadDevset(lang, devDir);
  const model = trainModel(lang, train, sources, dev);
  // gzip level 9, no timestamp in the header: the same weights give the same bytes.
  const bytes = gzipSync(encodeModel(model), { level: 9 });
  writeFileSync(join(BUNDLED_MODELS_DIR, `${lang}.bin.gz`), bytes);
  // The cross-source split (b): one model per left-out source, for eval and the regression test.
  mkdirSync(FOLD_DIR, { recursive: true });
  for (const fold of crossSourceFolds(lang, items)) {
    const foldSources = [...new Set(fold.train.map((i) => i.source.split(':')[0]!))].sort();
    writeFileSync(foldFile(lang, fold.name), gzipSync(encodeModel(trainModel(lang, fold.train, foldSources, dev)), { level: 9 }));
  }
  const s = ((performance.now() - t0) / 1000).toFixed(1);
  console.log(
    `${lang}: ${train.length} training items (${model.calibrationItems} for calibration with ${dev.length} devset messages), ${heldOut.length} held out; ` +
      `calibration ${JSON.stringify(model.calibration)}; ${(bytes.length / 1024).toFixed(0)} kB; ${s} s`,
  );
}
