// Evaluates the dissatisfaction detector (P-1.2, P-1.3), model + lexicon, on three sets (issue 11):
// (a) the labelled devset, (b) a cross-source split of ../shared/train (fold models that never saw
// the test source), (c) the stratified held-out part of each training file (bundled models).
// Usage: npx tsx scripts/eval-detection.ts [devset-dir] [--errors] [--only a|bc] [--train-dir DIR] [--write-baseline]
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { detect, LANGUAGES, SIGNAL_TYPES, type Language, type SignalType } from '../src/domain/detection/index.ts';

interface Item {
  id: string;
  lang: Language;
  text: string;
  dissatisfied: boolean;
  intensity: number;
  signals: SignalType[];
}

interface Counts {
  tp: number;
  fp: number;
  fn: number;
}

const args = process.argv.slice(2);
const showErrors = args.includes('--errors');
const only = args.includes('--only') ? args[args.indexOf('--only') + 1] : undefined;
const trainDir = args.includes('--train-dir') ? args[args.indexOf('--train-dir') + 1] : undefined;
const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const dir = resolve(args.find((a, i) => !a.startsWith('--') && !['--only', '--train-dir'].includes(args[i - 1] ?? '')) ?? join(repoRoot, '..', 'shared', 'eval', 'devset'));

/** Loads every `*.jsonl` file of the devset directory. */
function loadDevset(path: string): Item[] {
  const items: Item[] = [];
  for (const file of readdirSync(path).filter((f) => f.endsWith('.jsonl')).sort()) {
    for (const line of readFileSync(join(path, file), 'utf8').split('\n')) {
      if (line.trim()) items.push(JSON.parse(line) as Item);
    }
  }
  return items;
}

const zero = (): Counts => ({ tp: 0, fp: 0, fn: 0 });
const prec = (c: Counts) => (c.tp + c.fp === 0 ? NaN : c.tp / (c.tp + c.fp));
const rec = (c: Counts) => (c.tp + c.fn === 0 ? NaN : c.tp / (c.tp + c.fn));
const f1 = (c: Counts) => {
  const p = prec(c);
  const r = rec(c);
  return p + r === 0 || Number.isNaN(p) || Number.isNaN(r) ? 0 : (2 * p * r) / (p + r);
};
const fmt = (x: number) => (Number.isNaN(x) ? '  -  ' : x.toFixed(3));
const pad = (s: string, n: number) => s.padEnd(n);

/** Per-group statistics for one slice of the devset (one language, or all). */
function evaluate(items: Item[]) {
  const neg = zero();
  const pos = zero();
  let langOk = 0;
  let intExact = 0;
  let intNear = 0;
  const sig = new Map<SignalType, Counts>(SIGNAL_TYPES.map((t) => [t, zero()]));
  const errors: string[] = [];
  for (const it of items) {
    const d = detect(it.text);
    if (d.language === it.lang) langOk++;
    else errors.push(`  LANG ${it.id} got ${d.language}: ${it.text.slice(0, 90).replace(/\s+/g, ' ')}`);
    if (d.dissatisfied && it.dissatisfied) neg.tp++;
    if (d.dissatisfied && !it.dissatisfied) neg.fp++;
    if (!d.dissatisfied && it.dissatisfied) neg.fn++;
    if (!d.dissatisfied && !it.dissatisfied) pos.tp++;
    if (!d.dissatisfied && it.dissatisfied) pos.fp++;
    if (d.dissatisfied && !it.dissatisfied) pos.fn++;
    if (d.dissatisfied !== it.dissatisfied) {
      errors.push(`  ${it.dissatisfied ? 'FN' : 'FP'} ${it.id} score=${d.score}: ${it.text.slice(0, 140).replace(/\s+/g, ' ')}`);
    }
    if (d.intensity === it.intensity) intExact++;
    if (Math.abs(d.intensity - it.intensity) <= 1) intNear++;
    else errors.push(`  INT ${it.id} got ${d.intensity} want ${it.intensity}: ${it.text.slice(0, 90).replace(/\s+/g, ' ')}`);
    const got = new Set(d.signals.map((s) => s.type));
    for (const t of SIGNAL_TYPES) {
      const c = sig.get(t)!;
      const want = it.signals.includes(t);
      const has = got.has(t);
      if (want && has) c.tp++;
      if (!want && has) {
        c.fp++;
        const phrases = d.signals.find((s) => s.type === t)?.phrases.join(' | ');
        errors.push(`  SIG+ ${t} ${it.id} [${phrases}]: ${it.text.slice(0, 90).replace(/\s+/g, ' ')}`);
      }
      if (want && !has) {
        c.fn++;
        errors.push(`  SIG- ${t} ${it.id}: ${it.text.slice(0, 110).replace(/\s+/g, ' ')}`);
      }
    }
  }
  const n = items.length || 1;
  return {
    macroF1: (f1(neg) + f1(pos)) / 2,
    negP: prec(neg),
    negR: rec(neg),
    langAcc: langOk / n,
    intExact: intExact / n,
    intNear: intNear / n,
    sig,
    errors,
  };
}

/** Messages per second on one core, over at least `minMs` of work. */
function throughput(texts: string[], minMs = 2500): number {
  for (const t of texts) detect(t); // warm-up
  let n = 0;
  const start = performance.now();
  let elapsed = 0;
  while (elapsed < minMs) {
    for (const t of texts) detect(t);
    n += texts.length;
    elapsed = performance.now() - start;
  }
  return n / (elapsed / 1000);
}

if (only !== 'bc') evaluateDevset();
if (only !== 'a') {
  const { printTrainingTables } = await import('./eval-training-sets.ts');
  printTrainingTables(trainDir);
}
if (args.includes('--write-baseline')) {
  const { writeBaseline, BASELINE_PATH } = await import('./detection-baseline.ts');
  writeBaseline();
  console.log(`\nBaseline written to ${BASELINE_PATH}`);
}

function evaluateDevset(): void {
const items = loadDevset(dir);
console.log('(a) Development set: macro-F1 of dissatisfied vs not, dissatisfied precision/recall (no language hint)');
console.log(`Devset: ${dir} (${items.length} messages)\n`);
const langs = LANGUAGES.filter((l) => items.some((i) => i.lang === l));
console.log(`${pad('lang', 8)}${pad('n', 5)}${pad('macroF1', 9)}${pad('negP', 7)}${pad('negR', 7)}${pad('langID', 8)}${pad('int=', 7)}${pad('int±1', 7)}`);
const perLang = new Map<Language, ReturnType<typeof evaluate>>();
for (const l of langs) {
  const subset = items.filter((i) => i.lang === l);
  const r = evaluate(subset);
  perLang.set(l, r);
  console.log(`${pad(l, 8)}${pad(String(subset.length), 5)}${pad(fmt(r.macroF1), 9)}${pad(fmt(r.negP), 7)}${pad(fmt(r.negR), 7)}${pad(fmt(r.langAcc), 8)}${pad(fmt(r.intExact), 7)}${pad(fmt(r.intNear), 7)}`);
}
const all = evaluate(items);
console.log(`${pad('ALL', 8)}${pad(String(items.length), 5)}${pad(fmt(all.macroF1), 9)}${pad(fmt(all.negP), 7)}${pad(fmt(all.negR), 7)}${pad(fmt(all.langAcc), 8)}${pad(fmt(all.intExact), 7)}${pad(fmt(all.intNear), 7)}`);

console.log('\nSignals: precision/recall (support) per language and overall');
console.log(`${pad('signal', 16)}${langs.map((l) => pad(l, 13)).join('')}${'ALL'}`);
for (const t of SIGNAL_TYPES) {
  const cell = (c: Counts) => pad(`${fmt(prec(c)).slice(0, 4)}/${fmt(rec(c)).slice(0, 4)}(${c.tp + c.fn})`, 13);
  const row = langs.map((l) => cell(perLang.get(l)!.sig.get(t)!)).join('');
  const o = all.sig.get(t)!;
  console.log(`${pad(t, 16)}${row}P=${fmt(prec(o))} R=${fmt(rec(o))} (n=${o.tp + o.fn})`);
}

const rate = throughput(items.map((i) => i.text));
console.log(`\nOverall: macro-F1 ${fmt(all.macroF1)}, dissatisfied P ${fmt(all.negP)} R ${fmt(all.negR)}, language-id ${fmt(all.langAcc)}, intensity exact ${fmt(all.intExact)} / within-1 ${fmt(all.intNear)}`);
console.log(`Throughput: ${Math.round(rate).toLocaleString('en')} messages/s on one core`);
if (showErrors) {
  console.log('\nErrors:');
  for (const l of langs) for (const e of perLang.get(l)!.errors) console.log(e);
}
}
