// The web app imports the domain's shared lists (channels, statuses, roles…)
// instead of re-typing them, but only pure modules: a domain file the web
// reaches must not import node:, the database or anything outside src/domain.
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const domain = join(root, 'src/domain');

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : /\.tsx?$/.test(e.name) ? [join(dir, e.name)] : []));
}

/** Relative and bare import specifiers of a file, type-only imports included. */
function imports(file: string): string[] {
  return [...readFileSync(file, 'utf8').matchAll(/^\s*(?:import|export)\b[^'"]*?from\s+['"]([^'"]+)['"]/gm)].map((m) => m[1]!);
}

describe('web imports of src/domain', () => {
  it('reach only pure domain modules', () => {
    const reached = new Set<string>();
    const queue = files(join(root, 'web/src')).flatMap((f) => imports(f).filter((s) => s.includes('src/domain/')).map((s) => resolve(dirname(f), s)));
    expect(queue.length).toBeGreaterThan(0);
    const bad: string[] = [];
    while (queue.length) {
      const file = queue.pop()!;
      if (reached.has(file)) continue;
      reached.add(file);
      if (!file.startsWith(domain + '/')) {
        bad.push(`${relative(root, file)} is outside src/domain`);
        continue;
      }
      for (const spec of imports(file)) {
        if (spec.startsWith('.')) queue.push(resolve(dirname(file), spec));
        else bad.push(`${relative(root, file)} imports ${spec}`);
      }
    }
    expect(bad).toEqual([]);
  });
});
