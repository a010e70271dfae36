// The desk's first screen renders with only part of English in the entry
// (web/src/i18n/first-screen.ts; the rest loads beside the queue): every string
// key that the files of that screen name must be in the part, or the queue would
// show a raw key. And the Mantine stand-ins (web/src/mantine-shims.ts) keep the
// class names of what they replace.
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { RemoveScroll } from 'react-remove-scroll';
import en from '../../web/src/i18n/en.json' with { type: 'json' };
import { FIRST_SCREEN_STRINGS, pickStrings } from '../../web/src/i18n/first-screen.ts';
import { RemoveScroll as Shim } from '../../web/src/mantine-shims.ts';

const web = fileURLToPath(new URL('../../web/src/', import.meta.url));
type Strings = { [key: string]: string | Strings };

/** The files the first screen loads: static (not type-only, not dynamic) imports from the entry's desk and the queue. */
function firstScreenFiles(): string[] {
  const seen = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    const src = readFileSync(file, 'utf8');
    for (const m of src.matchAll(/^import (?!type )[^;]*?from '(\.[^']+)'/gm)) {
      const target = resolve(dirname(file), m[1]!);
      if (target.startsWith(web) && /\.tsx?$/.test(target)) visit(target);
    }
  };
  for (const f of ['main.tsx', 'staff/staff-app.tsx', 'staff/queue.tsx']) visit(join(web, f));
  return [...seen];
}

/** Whether a key path (or its plural forms) is in the strings; a section counts when `section` is true. */
function has(strings: Strings, path: string, section = false): boolean {
  const parts = path.split('.');
  const last = parts.pop()!;
  let at: Strings | string | undefined = strings;
  for (const p of parts) at = typeof at === 'object' ? at[p] : undefined;
  if (typeof at !== 'object') return false;
  if (section) return typeof at[last] === 'object';
  return Object.keys(at).some((k) => (k === last || k.startsWith(`${last}_`)) && typeof at[k] === 'string');
}

describe('the first screen\'s English', () => {
  const all = en as unknown as Strings;
  const first = pickStrings(all);

  it('has every key the first screen\'s files name, and every section they build keys in', () => {
    const files = firstScreenFiles();
    expect(files.some((f) => f.endsWith('staff/queue.tsx'))).toBe(true);
    const missing: string[] = [];
    for (const file of files) {
      const src = readFileSync(file, 'utf8');
      for (const m of src.matchAll(/'([a-z][A-Za-z]*(?:\.[A-Za-z0-9_]+)+)'/g)) if (has(all, m[1]!) && !has(first, m[1]!)) missing.push(`${m[1]} (${file.slice(web.length)})`);
      for (const m of src.matchAll(/`([a-z][A-Za-z]*(?:\.[A-Za-z0-9_]+)*)\.\$\{/g)) if (has(all, m[1]!, true) && !has(first, m[1]!, true)) missing.push(`${m[1]}.* (${file.slice(web.length)})`);
    }
    expect(missing).toEqual([]);
  });

  it('is a small part of English, with plural forms beside their key', () => {
    expect(JSON.stringify(first).length).toBeLessThan(JSON.stringify(all).length / 4);
    expect(Object.keys((first.desk as Strings).notifications as Strings)).toEqual(['bell']);
    expect(pickStrings({ a: { n_one: '1', n_other: 'n', next: 'x' } }, ['a.n'])).toEqual({ a: { n_one: '1', n_other: 'n' } });
    expect(() => pickStrings(all, [...FIRST_SCREEN_STRINGS, 'queue.noSuchKey'])).toThrow(/queue\.noSuchKey/);
  });
});

describe('the Mantine stand-ins', () => {
  it('use react-remove-scroll\'s own class names', () => {
    expect(Shim.classNames).toEqual({ zeroRight: RemoveScroll.classNames.zeroRight, fullWidth: RemoveScroll.classNames.fullWidth });
  });
});
