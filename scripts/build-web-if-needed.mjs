// Builds the web app (Vite → web/dist) when it is missing or older than its
// sources, so `npm start` and the browser tests always serve the current UI.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const built = join(root, 'web/dist/index.html');

/** Newest modification time under a path (files only). */
function newest(path) {
  const s = statSync(path);
  if (!s.isDirectory()) return s.mtimeMs;
  let t = 0;
  for (const name of readdirSync(path)) if (name !== 'dist' && name !== 'node_modules') t = Math.max(t, newest(join(path, name)));
  return t;
}

export function webBuildIsStale() {
  if (!existsSync(built)) return true;
  const sources = Math.max(newest(join(root, 'web')), newest(join(root, 'vite.config.ts')));
  return sources > statSync(built).mtimeMs;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  if (webBuildIsStale()) {
    console.log('building the web app (web/dist)…');
    execFileSync(process.execPath, [join(root, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn'], {
      cwd: root,
      stdio: 'inherit',
      // Under vitest NODE_ENV is "test", which would make Vite bundle React's development build.
      env: { ...process.env, NODE_ENV: 'production' },
    });
  }
}
