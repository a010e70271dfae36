// Model selection and calibration on sources held out of the training data (issue 11): for each
// hyper-parameter setting of TRAINING.grid, one inner model per validation group (a source, or a
// file when there is one source) is trained without that group and scores it with the whole
// detector (model + lexicon + signals). The setting whose calibrated combination does best on
// the average held-out group wins; its pooled out-of-group scores fit the calibration. Only the
// items given are read: never the devset, the held-out part (c) or a fold's test source (b).
import { detect, type Language } from '../src/domain/detection/index.ts';
import type { LinearModel } from '../src/domain/detection/model/linear-model.ts';
import { saltedHash, type Item } from './detection-data.ts';
import { balanceRows, fitCalibration, fitWeights, itemWeights, TRAINING, type CalibrationRow, type HyperParams } from './detection-trainer.ts';

/** Most items per (group, label) an inner model learns from, and most it is validated on. */
const INNER_TRAIN_CAP = 8000;
const INNER_VALIDATE_CAP = 400;
/** A validation group must have this many items of each class. */
const MIN_PER_CLASS = 5;

const TEST_FILE = /(^|\/)(test|[a-z_-]*test[a-z_-]*)(\/|\.|$)/i;
const GROUPINGS: { name: string; key: (it: Item) => string }[] = [
  { name: 'repository', key: (it) => it.source.split(':')[0]! },
  { name: 'train/test files', key: (it) => (TEST_FILE.test(it.source.split(':')[1] ?? '') ? 'test' : 'train') },
  { name: 'file', key: (it) => it.source },
  { name: 'hash halves', key: (it) => (saltedHash(it, 'inner') < 0.5 ? 'h0' : 'h1') },
];

/** Groupings that are different sources; the others split one source and show no domain shift. */
const CROSS_SOURCE_GROUPINGS = new Set(['repository', 'file']);

/** How the items are split for validation: by repository, else train vs test files, else by file. */
export function validationGrouping(items: Item[]): { name: string; key: (it: Item) => string } {
  for (const g of GROUPINGS) {
    const count = new Map<string, [number, number]>();
    for (const it of items) {
      const c = count.get(g.key(it)) ?? [0, 0];
      c[it.negative ? 0 : 1]++;
      count.set(g.key(it), c);
    }
    if (count.size >= 2 && [...count.values()].every(([n, p]) => n >= MIN_PER_CLASS && p >= MIN_PER_CLASS)) return g;
  }
  return GROUPINGS[GROUPINGS.length - 1]!;
}

/** Whether the items' validation groups are different sources (repositories or collections). */
export function hasCrossSourceGroups(items: Item[]): boolean {
  return CROSS_SOURCE_GROUPINGS.has(validationGrouping(items).name);
}

/** The lowest-hash `cap` items of every (group, label) of `items`. */
function capped(items: Item[], key: (it: Item) => string, cap: number, salt: string): Item[] {
  const by = new Map<string, { it: Item; h: number }[]>();
  for (const it of items) {
    const k = `${key(it)}\u0000${it.label}`;
    const list = by.get(k) ?? [];
    list.push({ it, h: saltedHash(it, salt) });
    by.set(k, list);
  }
  const keep = new Set<Item>();
  for (const list of by.values()) for (const x of list.sort((a, b) => a.h - b.h).slice(0, cap)) keep.add(x.it);
  return items.filter((it) => keep.has(it));
}

const NO_CALIBRATION = { model: 1, lexicon: 0, bias: 0 };

/** The detector's two parts on a text, with `model` as the language's model. */
function parts(text: string, lang: Language, model: LinearModel): { m: number; r: number } | null {
  const d = detect(text, { fallbackLanguage: lang, models: (l) => (l === lang ? model : null) });
  return d.parts.model === null ? null : { m: d.parts.model, r: d.parts.lexicon };
}

const scaled = (rows: CalibrationRow[], k: number) => rows.map((r) => ({ ...r, w: r.w * k }));

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

function macroF1(rows: CalibrationRow[], c: ReturnType<typeof fitCalibration>): number {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  let tn = 0;
  for (const r of rows) {
    const pred = sigmoid(c.model * Math.max(-8, Math.min(8, r.m)) + c.lexicon * Math.max(-6, Math.min(6, r.r)) + c.bias) > 0.5;
    if (pred && r.y) tp++;
    else if (pred) fp++;
    else if (r.y) fn++;
    else tn++;
  }
  const f = (a: number, b: number, d: number) => (a === 0 ? 0 : (2 * a) / (2 * a + b + d));
  return (f(tp, fp, fn) + f(tn, fn, fp)) / 2;
}

/** A trained model with how it was chosen. */
export interface Trained extends LinearModel {
  chosen: HyperParams;
  /** The chosen setting's out-of-group rows (unweighted), lent to single-source languages. */
  rows: Omit<CalibrationRow, 'w'>[];
  /** Whether the validation groups were different sources (else: one source split in two). */
  crossSource: boolean;
  /** Mean macro-F1 over held-out validation groups of the chosen setting (the selection score). */
  validation: number;
  grouping: string;
  groups: string[];
}

/**
 * Trains one language's model on `items` (never held-out ones): chooses the hyper-parameters and
 * fits the calibration on validation groups held out in turn, then trains on all items.
 * Same input, same bytes out.
 */
export function trainModel(lang: Language, items: Item[], trainedOn: string[], log: (s: string) => void = () => {}, borrowed: Omit<CalibrationRow, 'w'>[] = []): Trained {
  const grouping = validationGrouping(items);
  const groups = [...new Set(items.map(grouping.key))].sort();
  let best: { hp: HyperParams; score: number; rows: Omit<CalibrationRow, 'w'>[]; balanced: CalibrationRow[] } | null = null;
  for (const hp of TRAINING.grid) {
    const rows: Omit<CalibrationRow, 'w'>[] = [];
    for (const g of groups) {
      const train = capped(items.filter((it) => grouping.key(it) !== g), grouping.key, INNER_TRAIN_CAP, 'inner-train');
      const validate = capped(items.filter((it) => grouping.key(it) === g), grouping.key, INNER_VALIDATE_CAP, 'inner-validate');
      const fit = fitWeights(train, itemWeights(train, grouping.key, hp.balance), hp);
      const model: LinearModel = { language: lang, bits: TRAINING.bits, weights: fit.weights, bias: fit.bias, calibration: NO_CALIBRATION, trainedOn, negation: hp.negation };
      for (const it of validate) {
        const p = parts(it.text, lang, model);
        if (p) rows.push({ ...p, y: it.negative, group: g });
      }
    }
    const balanced = balanceRows(rows);
    const calibration = fitCalibration(balanced);
    const score = groups.reduce((s, g) => s + macroF1(balanced.filter((r) => r.group === g), calibration), 0) / groups.length;
    log(`  ${JSON.stringify(hp)}: held-out-group macro-F1 ${score.toFixed(3)}`);
    if (!best || score > best.score + 1e-9) best = { hp, score, rows, balanced };
  }
  // One source split in two shows how the model does on more of the same text, not on a new
  // source: such a language borrows, at half the weight, the cross-source rows of the others.
  const crossSource = CROSS_SOURCE_GROUPINGS.has(grouping.name);
  const calibrationRows = crossSource || !borrowed.length ? best!.balanced : [...scaled(best!.balanced, 0.5), ...scaled(balanceRows(borrowed), 0.5)];
  const fit = fitWeights(items, itemWeights(items, grouping.key, best!.hp.balance), best!.hp);
  return {
    language: lang, bits: TRAINING.bits, weights: fit.weights, bias: fit.bias, calibration: fitCalibration(calibrationRows), trainedOn, negation: best!.hp.negation,
    chosen: best!.hp, rows: best!.rows, crossSource, validation: best!.score, grouping: grouping.name, groups,
  };
}
