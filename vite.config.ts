// Builds the web app (web/) into web/dist, which `amends serve` serves.
// Routes are lazy chunks; the vendor libraries get their own long-cached chunks.
// Two additions for the agent's cold start (see firstScreen below), and every
// asset precompressed (brotli and gzip) so the server sends it compressed at no cost.
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { FIRST_ROWS_STRINGS, pickStrings } from './web/src/i18n/first-screen.ts';
import { LANGUAGES } from './src/domain/languages.ts';

const web = fileURLToPath(new URL('./web/', import.meta.url));

/** The desk's first screen: these chunks (and what they import) are preloaded by index.html. */
const DESK_FIRST_SCREEN = ['/web/src/staff/staff-app.tsx', '/web/src/staff/queue.tsx'];

type Chunk = { type: 'chunk'; fileName: string; name: string; isEntry: boolean; facadeModuleId: string | null; imports: string[] };

/**
 * index.html gets (1) web/src/boot.ts as its own tiny async entry, so the session and the queue's
 * first page are asked for while the app's code downloads, and (2) modulepreload links, marked
 * data-desk, for the desk's and the queue's chunks, so they download beside the entry instead of
 * after it has run. The server leaves the data-desk links out of the customer's pages.
 */
function firstScreen(): Plugin {
  return {
    name: 'amends-first-screen',
    apply: 'build',
    transformIndexHtml: {
      order: 'post',
      handler(_html, ctx) {
        const chunks = Object.values(ctx.bundle ?? {}).filter((c): c is Chunk & typeof c => c.type === 'chunk') as unknown as Chunk[];
        const byFile = new Map(chunks.map((c) => [c.fileName, c]));
        const closure = (files: string[], seen = new Set<string>()) => {
          for (const f of files) if (!seen.has(f)) closure(byFile.get(f)?.imports ?? [], seen.add(f));
          return seen;
        };
        const boot = chunks.find((c) => c.isEntry && c.name === 'boot');
        const entry = chunks.find((c) => c.isEntry && c.facadeModuleId?.endsWith('/index.html'));
        if (!boot || !entry) throw new Error('first-screen plugin: the boot or the index entry is missing');
        if (boot.imports.length) throw new Error(`web/src/boot.ts must import nothing (it imports ${boot.imports.join(', ')})`);
        const initial = closure([entry.fileName]);
        const desk = DESK_FIRST_SCREEN.map((m) => chunks.find((c) => c.facadeModuleId?.endsWith(m)));
        if (desk.some((c) => !c)) throw new Error('first-screen plugin: a desk chunk is missing');
        const preload = [...closure(desk.map((c) => c!.fileName))].filter((f) => !initial.has(f));
        return [
          { tag: 'script', attrs: { type: 'module', async: true, crossorigin: true, src: `/${boot.fileName}` }, injectTo: 'head-prepend' },
          ...preload.map((f) => ({ tag: 'link', attrs: { rel: 'modulepreload', crossorigin: true, href: `/${f}`, 'data-desk': true }, injectTo: 'head' as const })),
        ];
      },
    },
  };
}

/** dist/first-rows.json: the words of the queue's rows in every language, for the server's first rows (src/http/first-rows.ts). */
function firstRowsStrings(): Plugin {
  return {
    name: 'amends-first-rows-strings',
    apply: 'build',
    generateBundle() {
      const all = Object.fromEntries(LANGUAGES.map((l) => [l, pickStrings(JSON.parse(readFileSync(join(web, `src/i18n/${l}.json`), 'utf8')), FIRST_ROWS_STRINGS)]));
      this.emitFile({ type: 'asset', fileName: 'first-rows.json', source: JSON.stringify(all) });
    },
  };
}

/** Writes name.br and name.gz beside each text asset; @fastify/static (preCompressed) sends them. */
function precompress(): Plugin {
  return {
    name: 'amends-precompress',
    apply: 'build',
    closeBundle() {
      const dist = join(web, 'dist');
      const walk = (dir: string): string[] => readdirSync(dir).flatMap((n) => (statSync(join(dir, n)).isDirectory() ? walk(join(dir, n)) : [join(dir, n)]));
      for (const file of walk(dist)) {
        if (!/\.(js|css|html|json|svg|txt)$/.test(file)) continue;
        const bytes = readFileSync(file);
        if (bytes.length < 1024) continue;
        writeFileSync(`${file}.br`, brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length } }));
        writeFileSync(`${file}.gz`, gzipSync(bytes, { level: 9 }));
      }
    },
  };
}

/**
 * Imports inside Mantine that only the queue's first screen pays for (web/src/mantine-shims.ts):
 * AppShell's parts import react-remove-scroll for one class name and a resize handle the desk
 * never enables, and Table imports a ScrollContainer whose ScrollArea brings floating-ui.
 * Other importers keep the real modules.
 */
function slimMantine(): Plugin {
  const shims = join(web, 'src/mantine-shims.ts');
  return {
    name: 'amends-slim-mantine',
    enforce: 'pre',
    resolveId(source, importer) {
      if (!importer?.includes('/@mantine/core/esm/components/')) return null;
      if (source === 'react-remove-scroll' && importer.includes('/components/AppShell/')) return `${shims}?remove-scroll`;
      if (source === '../AppShellResizeHandle/AppShellResizeHandle.mjs' && importer.includes('/components/AppShell/')) return `${shims}?resize-handle`;
      if (source === './TableScrollContainer.mjs' && importer.endsWith('/components/Table/Table.mjs')) return `${shims}?table-scroll`;
      return null;
    },
  };
}

/** `import x from './en.json?first-screen'`: only the strings the desk's first screen needs (web/src/i18n/first-screen.ts). */
function firstScreenStrings(): Plugin {
  return {
    name: 'amends-first-screen-strings',
    enforce: 'pre',
    async resolveId(source, importer) {
      if (!source.endsWith('.json?first-screen')) return null;
      const r = await this.resolve(source.slice(0, -'?first-screen'.length), importer, { skipSelf: true });
      return r && `${r.id}?first-screen`;
    },
    load(id) {
      if (!id.endsWith('.json?first-screen')) return null;
      const file = id.slice(0, -'?first-screen'.length);
      this.addWatchFile(file);
      return `export default ${JSON.stringify(pickStrings(JSON.parse(readFileSync(file, 'utf8'))))};`;
    },
  };
}

export default defineConfig({
  root: 'web',
  base: '/',
  plugins: [slimMantine(), firstScreenStrings(), react(), firstScreen(), firstRowsStrings(), precompress()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 600,
    sourcemap: false,
    // Every browser the desk supports preloads modules itself: no polyfill in the entry.
    modulePreload: { polyfill: false },
    rollupOptions: { input: { index: join(web, 'index.html'), boot: join(web, 'src/boot.ts') } },
  },
  server: { proxy: { '/api': 'http://127.0.0.1:3000' } },
});
