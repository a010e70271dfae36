// The docs stand on their own: every relative link in the repository's Markdown
// (README.md, docs/ and any other .md file we keep) points at a file or folder
// inside the repository that exists. A link that climbs out of the repository
// (`../shared/…`) works on one machine and nowhere else. Web links (http, https,
// mailto …) and in-page anchors (`#section`) are not checked.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Folders that hold no documentation of ours (installed, built or generated). */
const SKIP = new Set(['node_modules', 'data', 'dist', 'coverage', 'test-results', 'tmp']);

/** Every Markdown file of the repository, as paths relative to its root. */
function markdownFiles(dir = ROOT): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.name.startsWith('.') || SKIP.has(e.name)) continue;
    const path = join(dir, e.name);
    if (e.isDirectory()) out.push(...markdownFiles(path));
    else if (e.isFile() && e.name.endsWith('.md')) out.push(relative(ROOT, path));
  }
  return out.sort();
}

interface Link {
  line: number;
  target: string;
}

/**
 * The link targets of a Markdown text: inline links and images `[text](target "title")`,
 * `<target>` in angle brackets, and reference definitions `[id]: target`. Fenced code
 * blocks and inline code are not Markdown links, so they are skipped.
 */
function linksIn(markdown: string): Link[] {
  const links: Link[] = [];
  let fence: string | null = null;
  markdown.split('\n').forEach((raw, i) => {
    const fenceMark = /^\s{0,3}(`{3,}|~{3,})/.exec(raw);
    if (fenceMark) {
      if (fence === null) fence = fenceMark[1]![0]!;
      else if (fenceMark[1]![0] === fence) fence = null;
      return;
    }
    if (fence !== null) return;
    // Inline code spans hold no links: blank them out (link text may still contain one).
    const line = raw.replace(/(`+)[^`]*?\1/g, (m) => ' '.repeat(m.length));
    const definition = /^\s{0,3}\[[^\]]+\]:\s*(<[^>]*>|\S+)/.exec(line);
    if (definition) links.push({ line: i + 1, target: definition[1]!.replace(/^<|>$/g, '') });
    for (const m of line.matchAll(/\]\(\s*(<[^>]*>|[^)\s]+)(?:\s+["'(][^)]*)?\)/g)) {
      links.push({ line: i + 1, target: m[1]!.replace(/^<|>$/g, '') });
    }
  });
  return links;
}

/** Why a link target is wrong, or null when it is fine (or not ours to check). */
function problemWith(fromFile: string, target: string, root = ROOT): string | null {
  if (/^[a-z][a-z0-9+.-]*:/i.test(target)) return null; // http:, https:, mailto: …
  const path = target.split('#')[0]!.split('?')[0]!;
  if (path === '') return null; // an anchor on the same page
  let decoded: string;
  try {
    decoded = decodeURIComponent(path);
  } catch {
    return 'is not a valid URL path';
  }
  // A leading slash means the repository root (as on GitHub and GitLab).
  const abs = decoded.startsWith('/') ? join(root, decoded) : resolve(root, dirname(fromFile), decoded);
  const rel = relative(root, abs);
  if (rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel)) return 'points outside the repository';
  if (!existsSync(abs)) return `points at ${rel}, which does not exist`;
  return null;
}

describe('documentation links', () => {
  const files = markdownFiles();

  it('finds the README and the docs', () => {
    expect(files).toContain('README.md');
    expect(files).toContain(join('docs', 'PLAYBOOK.md'));
    expect(files.filter((f) => f.startsWith(`docs${sep}`)).length).toBeGreaterThanOrEqual(4);
  });

  it('every relative link stays inside the repository and points at a file that exists', () => {
    const broken: string[] = [];
    for (const file of files) {
      for (const { line, target } of linksIn(readFileSync(join(ROOT, file), 'utf8'))) {
        const problem = problemWith(file, target);
        if (problem) broken.push(`${file}:${line} → ${target} ${problem}`);
      }
    }
    expect(broken).toEqual([]);
  });

  it('no document sends the reader to documents outside the repository', () => {
    // Not as a link, and not as a path in the text either: what the project needs is in docs/.
    const mentions: string[] = [];
    for (const file of files) {
      readFileSync(join(ROOT, file), 'utf8')
        .split('\n')
        .forEach((text, i) => {
          if (/\.\.\/shared\/docs\b/.test(text)) mentions.push(`${file}:${i + 1}: ${text.trim()}`);
        });
    }
    expect(mentions).toEqual([]);
  });

  describe('the checker itself', () => {
    const sample = [
      'See [the playbook](../shared/docs/PLAYBOOK.md) and [`API`](docs/API.md#conventions).',
      '![logo](docs/missing.png "Logo") and [web](https://example.com) and [here](#top).',
      'Code is no link: `[x](../nowhere.md)`.',
      '```',
      '[inside a fence](../shared/x.md)',
      '```',
      '[ref]: <docs/CLOCKS.md>',
      '[up and back](docs/../README.md) [escape](docs/../../x.md) [root](/docs/API.md)',
    ].join('\n');

    it('reads inline links, images and reference definitions, not code', () => {
      expect(linksIn(sample).map((l) => l.target)).toEqual([
        '../shared/docs/PLAYBOOK.md',
        'docs/API.md#conventions',
        'docs/missing.png',
        'https://example.com',
        '#top',
        'docs/CLOCKS.md',
        'docs/../README.md',
        'docs/../../x.md',
        '/docs/API.md',
      ]);
    });

    it('flags links that leave the repository or name a missing file, and only those', () => {
      const verdicts = Object.fromEntries(linksIn(sample).map((l) => [l.target, problemWith('README.md', l.target)]));
      expect(verdicts['../shared/docs/PLAYBOOK.md']).toBe('points outside the repository');
      expect(verdicts['docs/../../x.md']).toBe('points outside the repository');
      expect(verdicts['docs/missing.png']).toMatch(/does not exist/);
      for (const fine of ['docs/API.md#conventions', 'https://example.com', '#top', 'docs/CLOCKS.md', 'docs/../README.md', '/docs/API.md']) {
        expect(verdicts[fine], fine).toBeNull();
      }
      // Relative to the file that links: from docs/, a sibling is just its name.
      expect(problemWith('docs/API.md', 'PLAYBOOK.md')).toBeNull();
      expect(problemWith('docs/API.md', '../README.md')).toBeNull();
      expect(problemWith('docs/API.md', '../../README.md')).toBe('points outside the repository');
    });
  });
});
