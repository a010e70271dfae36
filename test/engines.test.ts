// The project runs on the Node.js version package.json states (Node 20, what these
// machines and many users have): every package in the lockfile must accept it, so
// `npm install` gives no EBADENGINE warning and nothing needs a newer runtime.
import { readFileSync } from 'node:fs';
import semver from 'semver';
import { describe, expect, it } from 'vitest';

const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { engines: { node: string } };
const lock = JSON.parse(readFileSync('package-lock.json', 'utf8')) as { packages: Record<string, { engines?: { node?: string } | string[]; optional?: boolean }> };

describe('Node.js version', () => {
  const minimum = semver.minVersion(pkg.engines.node)!.version;

  it('package.json states Node 20 as the minimum', () => {
    expect(semver.major(minimum)).toBe(20);
  });

  it('every locked package accepts the minimum Node version', () => {
    const refusing = Object.entries(lock.packages)
      .filter(([name, p]) => name && p.engines && !Array.isArray(p.engines) && p.engines.node)
      .filter(([, p]) => !semver.satisfies(minimum, (p.engines as { node: string }).node, { includePrerelease: true }))
      .map(([name, p]) => `${name.replace(/^node_modules\//, '')} needs node ${(p.engines as { node: string }).node}`);
    expect(refusing).toEqual([]);
  });
});
