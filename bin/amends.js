#!/usr/bin/env node
// Runs the TypeScript CLI directly through tsx (no build step to forget).
// `amends detect` is the exception: it must answer in well under a second inside pipelines, so it
// runs from one bundled file of the detection code (built with esbuild on first use, rebuilt when
// a source changes, kept in node_modules/.cache, never committed) without tsx, server or database.
import { readFileSync, statSync, writeFileSync, mkdirSync, renameSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** The cached detect bundle, rebuilt when any of its inputs changed since it was built. */
async function detectBundle() {
  const dir = join(root, 'node_modules', '.cache', 'amends');
  const out = join(dir, 'detect.mjs');
  const metaPath = join(dir, 'detect.inputs.json');
  try {
    const inputs = JSON.parse(readFileSync(metaPath, 'utf8'));
    if (inputs.every(([file, mtime]) => statSync(join(root, file)).mtimeMs === mtime)) return out;
  } catch {
    // no bundle yet, or an input is gone: build
  }
  const { build } = await import('esbuild');
  mkdirSync(dir, { recursive: true });
  const tmp = `${out}.${process.pid}.tmp`;
  const result = await build({
    stdin: { contents: "import { detectMain } from './src/cli/detect.ts';\nawait detectMain();\n", resolveDir: root, sourcefile: 'detect-entry.ts', loader: 'ts' },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outfile: tmp,
    metafile: true,
    logLevel: 'error',
    minify: true,
    // The weights are read next to their loader's source, not next to the bundle.
    define: { 'import.meta.dirname': JSON.stringify(join(root, 'src', 'domain', 'detection', 'models')) },
    banner: { js: "import { createRequire as __amendsRequire } from 'node:module'; const require = __amendsRequire(import.meta.url);" },
  });
  renameSync(tmp, out);
  const inputs = Object.keys(result.metafile.inputs)
    .filter((f) => f !== 'detect-entry.ts' && !f.startsWith('<'))
    .map((f) => [f, statSync(join(root, f)).mtimeMs]);
  writeFileSync(metaPath, JSON.stringify(inputs));
  return out;
}

if (process.argv[2] === 'detect') {
  await import(pathToFileURL(await detectBundle()).href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/cli.ts');
}
