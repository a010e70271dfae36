// The map a newcomer reads: every source folder says in one line what lives there,
// and no production file grows past the size where it hides several things.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOTS = ['src', 'web/src'];
/** Folders of data rather than code: generated migration snapshots. */
const SKIP = new Set(['src/db/migrations/meta']);
/** Generated files, exempt from the size rule. */
const GENERATED = /\.gen\.ts$|\/migrations\//;

function walk(dir: string, out: string[] = []): string[] {
  out.push(dir);
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory() && !SKIP.has(p)) walk(p, out);
  }
  return out;
}

function files(dir: string): string[] {
  return walk(dir).flatMap((d) => readdirSync(d).map((n) => join(d, n)).filter((p) => statSync(p).isFile()));
}

describe('layout', () => {
  it('every source folder opens with a one-line README saying what lives there', () => {
    const missing = ROOTS.flatMap((r) => walk(r)).filter((d) => {
      const readme = join(d, 'README.md');
      if (!existsSync(readme)) return true;
      const lines = readFileSync(readme, 'utf8').trim().split('\n');
      return lines.length !== 1 || lines[0]!.length < 20;
    });
    expect(missing).toEqual([]);
  });

  it('no production source file passes 400 lines (generated files aside)', () => {
    const long = ROOTS.flatMap(files)
      .filter((p) => /\.(ts|tsx)$/.test(p) && !p.endsWith('.test.ts') && !GENERATED.test(p))
      .map((p) => ({ p, lines: readFileSync(p, 'utf8').split('\n').length }))
      .filter((f) => f.lines > 400)
      .map((f) => `${f.p}: ${f.lines} lines`);
    expect(long).toEqual([]);
  });
});
