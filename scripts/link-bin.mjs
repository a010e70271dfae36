// After `npm install` in a checkout of Amends itself: link the project's own `amends`
// command into node_modules/.bin, as npm does for an installed package, so
// `npx amends …` runs it at once instead of first asking the registry for a
// package of that name (seconds, or a failure offline).
import { chmodSync, existsSync, lstatSync, mkdirSync, symlinkSync, unlinkSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const binDir = join(root, 'node_modules', '.bin');
const link = join(binDir, 'amends');
const target = join(root, 'bin', 'amends.js');
if (existsSync(join(root, 'node_modules'))) {
  mkdirSync(binDir, { recursive: true });
  try {
    if (lstatSync(link)) unlinkSync(link);
  } catch {
    // no link yet
  }
  symlinkSync(relative(binDir, target), link);
  chmodSync(target, 0o755);
}
