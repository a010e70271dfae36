// Dependencies point one way (docs/ARCHITECTURE.md): the edges (http/, jobs/,
// cli, server, demo) call the use cases, never the other way round, and domain/
// imports nothing but itself. This walks every import under src/ and fails on
// one that points upward.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, posix, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SRC = resolve(dirname(fileURLToPath(import.meta.url)), '../src');

/** Folders below the edges: the use cases, the channels, staff, db and domain. */
const BELOW_THE_EDGES = ['audit', 'data-rights', 'cases', 'learning', 'people', 'notifications', 'canned-replies', 'customers', 'compensation', 'reports', 'settings', 'portal', 'clocks', 'channels', 'staff', 'webhooks', 'secrets', 'db', 'domain'];
/** The edges: what they hold may import the use cases, not be imported by them. */
const EDGES = ['jobs', 'http', 'cli', 'cli.ts', 'server.ts', 'demo'];

/** Every module specifier a TypeScript source names: static imports and re-exports, side-effect and dynamic imports. */
function specifiersOf(source: string): string[] {
  const found: string[] = [];
  const patterns = [/\b(?:import|export)\s[^'";]*?\bfrom\s*['"]([^'"]+)['"]/g, /\bimport\s*['"]([^'"]+)['"]/g, /\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g];
  for (const re of patterns) for (const m of source.matchAll(re)) found.push(m[1]!);
  return found;
}

/** The first part of a path under src/ ("cases", "jobs", "cli.ts"), or null for a path outside src/. */
function roomOf(pathUnderSrc: string): string | null {
  if (pathUnderSrc.startsWith('..')) return null;
  return pathUnderSrc.split('/')[0]!;
}

/** Why `from` (a file under src/) may not import `to` (a path under src/, `..` when outside it), or null when it may. */
function whyUpward(from: string, to: string): string | null {
  const here = roomOf(from)!;
  const there = roomOf(to);
  if (here === 'domain' && there !== 'domain') return 'domain/ imports nothing outside domain/';
  if (here === 'db' && there !== 'db' && there !== 'domain') return 'db/ imports only db/ and domain/';
  if (BELOW_THE_EDGES.includes(here) && there !== null && EDGES.includes(there)) return `${here}/ is below ${there}: it may not import it`;
  return null;
}

/** Every upward import in a set of files (path under src/ → source), as "file → import: reason". */
function upwardImports(files: Map<string, string>): string[] {
  const out: string[] = [];
  for (const [file, source] of files) {
    for (const spec of specifiersOf(source)) {
      if (!spec.startsWith('.')) continue; // packages and node: built-ins
      const target = posix.normalize(posix.join(posix.dirname(file), spec));
      const reason = whyUpward(file, target);
      if (reason) out.push(`${file} → ${spec}: ${reason}`);
    }
  }
  return out;
}

/** The production sources under src/ (unit tests beside the code may use the test helpers). */
function sources(): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (dir: string) => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.tsx?$/.test(e.name) && !/\.test\.tsx?$/.test(e.name)) files.set(relative(SRC, p).split('\\').join('/'), readFileSync(p, 'utf8'));
    }
  };
  walk(SRC);
  return files;
}

describe('layers', () => {
  it('finds the imports it checks, in every form', () => {
    const source = [
      "import { a } from '../jobs/worker.ts';",
      "import type { B } from '../http/app.ts';",
      "export { c } from './c.ts';",
      "import '../demo/seed.ts';",
      "const d = await import('../cli.ts');",
      'import {\n  e,\n  f,\n} from "../server.ts";',
    ].join('\n');
    expect(specifiersOf(source)).toEqual(expect.arrayContaining(['../jobs/worker.ts', '../http/app.ts', './c.ts', '../demo/seed.ts', '../cli.ts', '../server.ts']));
    // A use case importing each edge is caught; importing another use case, db or domain is not.
    expect(upwardImports(new Map([['cases/x.ts', source]]))).toHaveLength(5);
    expect(upwardImports(new Map([['channels/email/x.ts', "import { y } from '../../cases/y.ts';\nimport { z } from '../../db/jobs.ts';"]]))).toEqual([]);
    expect(upwardImports(new Map([['domain/x.ts', "import { y } from '../db/client.ts';"]]))).toEqual(['domain/x.ts → ../db/client.ts: domain/ imports nothing outside domain/']);
    expect(upwardImports(new Map([['db/x.ts', "import { y } from '../cases/case-store.ts';"]]))).toHaveLength(1);
  });

  it('no file below the edges imports upward; domain/ imports only domain/', () => {
    const files = sources();
    // The walk really saw the tree: the catalogue and its users are there.
    expect(files.has('db/jobs.ts')).toBe(true);
    expect(files.has('jobs/handlers.ts')).toBe(true);
    expect(files.size).toBeGreaterThan(100);
    expect(upwardImports(files)).toEqual([]);
  });
});
