// The labelled training corpora of ../shared/train and the three ways we split them, shared by
// train-detection.ts, eval-detection.ts and the regression test, so they always agree:
// (c) a stratified held-out part of every file that training never reads, and (b) folds that
// leave one source out. Deterministic: everything is decided by a hash of the text.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Language } from '../src/domain/detection/index.ts';

/** Default location of the corpora: ../shared/train next to the repository. */
export const TRAIN_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', 'shared', 'train');

/** The corpus files of each language (SOURCES.md, SOURCES-extra.md). */
export const FILES: Record<Language, string[]> = {
  en: ['en.jsonl'],
  ru: ['ru.jsonl', 'ru-extra.jsonl'],
  ro: ['ro.jsonl'],
  lv: ['lv.jsonl'],
  fi: ['fi.jsonl'],
  de: ['de.jsonl', 'de-extra.jsonl'],
  es: ['es.jsonl'],
};

/** Default location of the development set: ../shared/eval/devset next to the repository. */
export const DEVSET_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', 'shared', 'eval', 'devset');

/** A language's development-set messages as binary items (empty if the file is not there). */
export function loadDevset(lang: Language, dir = DEVSET_DIR): { text: string; negative: boolean }[] {
  const path = join(dir, `${lang}.jsonl`);
  if (!existsSync(path)) return [];
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as { text: string; dissatisfied: boolean })
    .map((o) => ({ text: o.text, negative: o.dissatisfied }));
}

/** One labelled text. `negative` is the binary task: negative vs neutral + positive. */
export interface Item {
  text: string;
  label: 'negative' | 'neutral' | 'positive';
  negative: boolean;
  /** `owner/repo:path` as in the corpus. */
  source: string;
  file: string;
  /** Deterministic hash of the text, 0 ≤ h < 1. */
  h: number;
}

/**
 * How each language's cross-source split (b) is made. `repo`: leave one repository out. `file`:
 * one repository of separate collections (other domain or period), left out one file at a time.
 * `train-test`: a single source; the corpus authors' own train files vs test files, which is
 * NOT a cross-source figure and is reported as such.
 */
export const CROSS_SOURCE: Record<Language, { by: 'repo' | 'file' | 'train-test'; note: string }> = {
  en: { by: 'train-test', note: 'single source (Yelp+IMDB mix): authors\' train files → test files, not cross-source' },
  ru: { by: 'repo', note: 'leave one out: RuSentiment VK, Wildberries, Ozon, RuSentiTweet' },
  ro: { by: 'repo', note: 'leave one out: RoSent reviews, SART tweets' },
  lv: { by: 'train-test', note: 'single source (LTEC tweets): train file → test file, not cross-source' },
  fi: { by: 'train-test', note: 'single source (OpenSubtitles): train files → test files, not cross-source' },
  de: { by: 'repo', note: 'leave one out: GermEval DB feedback, TripAdvisor restaurants, coffee, DiGA apps' },
  es: { by: 'file', note: 'one repository, leave one file out: Cuban hotels vs Cuban restaurants' },
};

/** Share of each (file, label) group held out for (c), and the most items one group gives. */
export const HELD_OUT_SHARE = 0.12;
export const HELD_OUT_MAX_PER_GROUP = 400;
/** Most test items per label per fold in (b), so the evaluation stays fast. */
export const CROSS_MAX_PER_LABEL = 300;
/** Most held-out items per (source file, label) group that (c) is evaluated on, for speed. */
export const HELD_OUT_EVAL_PER_GROUP = 150;

function hash01(text: string, salt = ''): number {
  const d = createHash('sha1').update(salt).update(text).digest();
  return d.readUInt32BE(0) / 2 ** 32;
}

/** Re-hashes with a salt (calibration subset, sampling) without touching the held-out split. */
export function saltedHash(item: Item, salt: string): number {
  return hash01(item.text, salt);
}

const LOADED = new Map<string, Item[] | null>();

/** Loads one language's corpora (null if the files are not there); cached per process. */
export function loadLanguage(lang: Language, dir = TRAIN_DIR): Item[] | null {
  const key = `${dir}\u0000${lang}`;
  if (!LOADED.has(key)) LOADED.set(key, readLanguage(lang, dir));
  return LOADED.get(key)!;
}

function readLanguage(lang: Language, dir: string): Item[] | null {
  const items: Item[] = [];
  for (const file of FILES[lang]) {
    const path = join(dir, file);
    if (!existsSync(path)) return null;
    for (const line of readFileSync(path, 'utf8').split('\n')) {
      if (!line.trim()) continue;
      const o = JSON.parse(line) as { text: string; label: Item['label']; source: string };
      items.push({ text: o.text, label: o.label, negative: o.label === 'negative', source: o.source, file, h: hash01(o.text) });
    }
  }
  return items;
}

/** Group key for stratification: the source file inside its repository and the label. */
function group(item: Item): string {
  return `${item.source}\u0000${item.label}`;
}

/**
 * Splits a language's items into the training part and the held-out part (c): in every
 * (source file, label) group the items with the lowest hashes, HELD_OUT_SHARE of it (at most
 * HELD_OUT_MAX_PER_GROUP). Training never reads the held-out part.
 */
export function splitHeldOut(items: Item[]): { train: Item[]; heldOut: Item[] } {
  const groups = new Map<string, Item[]>();
  for (const it of items) {
    const g = groups.get(group(it)) ?? [];
    g.push(it);
    groups.set(group(it), g);
  }
  const held = new Set<Item>();
  for (const g of groups.values()) {
    g.sort((a, b) => a.h - b.h);
    const n = Math.min(HELD_OUT_MAX_PER_GROUP, Math.max(1, Math.round(g.length * HELD_OUT_SHARE)));
    for (let i = 0; i < n; i++) held.add(g[i]!);
  }
  return { train: items.filter((i) => !held.has(i)), heldOut: items.filter((i) => held.has(i)) };
}

/** The held-out items (c) is evaluated on: per (source file, label) group the lowest-hash ones. */
export function heldOutEvalItems(items: Item[]): Item[] {
  const seen = new Map<string, number>();
  return splitHeldOut(items).heldOut
    .sort((a, b) => a.h - b.h)
    .filter((it) => {
      const n = seen.get(group(it)) ?? 0;
      seen.set(group(it), n + 1);
      return n < HELD_OUT_EVAL_PER_GROUP;
    });
}

/** The fold key of an item for the cross-source split (b). */
export function foldKey(lang: Language, item: Item): string {
  const by = CROSS_SOURCE[lang].by;
  const [repo, path = ''] = item.source.split(':');
  if (by === 'repo') return repo!;
  if (by === 'file') return path;
  return /(^|\/)(test|[a-z_-]*test[a-z_-]*)(\/|\.|$)/i.test(path) ? 'test' : 'train';
}

/** One fold of (b): train on `train` (held-out items excluded), test on `test` (capped per label). */
export interface Fold {
  name: string;
  train: Item[];
  test: Item[];
}

/** The cross-source folds of a language (single-source languages: one train→test fold). */
export function crossSourceFolds(lang: Language, items: Item[]): Fold[] {
  const { train } = splitHeldOut(items);
  const keys = [...new Set(items.map((i) => foldKey(lang, i)))].sort();
  const testKeys = CROSS_SOURCE[lang].by === 'train-test' ? ['test'] : keys;
  return testKeys.map((k) => {
    const test: Item[] = [];
    for (const negative of [true, false]) {
      const pool = items.filter((i) => foldKey(lang, i) === k && i.negative === negative).map((i) => ({ i, h: saltedHash(i, 'cross') }));
      pool.sort((a, b) => a.h - b.h);
      test.push(...pool.slice(0, CROSS_MAX_PER_LABEL).map((p) => p.i));
    }
    return { name: k, train: train.filter((i) => foldKey(lang, i) !== k), test };
  });
}
