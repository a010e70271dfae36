// Serves the web app (web/dist, built by Vite) from `amends serve`: hashed
// assets with long caching (immutable), sent brotli- or gzip-compressed from the
// files the build wrote beside them, and index.html for every other GET outside
// /api so the SPA's own routes (/portal/:token, /cases/:id, /complain) load on
// refresh. Without a build it answers a short page saying how to build it.
// At / and /queue the page carries the signed-in agent's queue (first-screen.ts).
import { existsSync, readFileSync, statSync } from 'node:fs';
import { resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../domain/errors.ts';
import type { Config } from '../config.ts';
import { embeddableHeaders } from './security-headers.ts';
import { FIRST_SCREEN_ID, firstScreen, isQueuePage, type FirstScreenDeps } from './first-screen.ts';
import { firstRowsStrings, pageLanguage, rowsStylesheet } from './first-rows.ts';

/** Where `npm run build:web` writes the web app. */
export const WEB_DIST = fileURLToPath(new URL('../../web/dist', import.meta.url));

const NOT_BUILT = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Amends</title></head>
<body style="font-family:system-ui;max-width:40rem;margin:4rem auto"><h1>The Amends web app is not built</h1>
<p>Build it with <code>npm run build:web</code> (or start with <code>npm start</code>, which builds it when needed), then reload.</p>
<p>The API works without it: <a href="/api/docs">/api/docs</a>.</p></body></html>`;

/** The customer's side of the app: the complaint form (also embedded) and the portal. */
export function isCustomerPage(path: string): boolean {
  return path === '/complain' || path.startsWith('/embed/') || path.startsWith('/portal/');
}

/** index.html without the preloads of the desk's first screen. */
export function withoutDeskPreloads(html: string): string {
  return html.replace(/[ \t]*<link [^>]*\bdata-desk\b[^>]*>\r?\n?/g, '');
}

/**
 * A page written per request, compressed at the fastest settings (≈ 0.5 ms for 50 rows, a tenth
 * of the bytes): brotli where the browser takes it (https), else gzip, else as it is.
 */
function compressed(page: string, req: FastifyRequest, reply: FastifyReply) {
  const accept = String(req.headers['accept-encoding'] ?? '');
  if (/\bbr\b/.test(accept)) return reply.header('content-encoding', 'br').send(brotliCompressSync(page, { params: { [constants.BROTLI_PARAM_QUALITY]: 1 } }));
  if (/\bgzip\b/.test(accept)) return reply.header('content-encoding', 'gzip').send(gzipSync(page, { level: 1 }));
  return reply.send(page);
}

/** Registers the web app's routes; both are public (the API behind them is guarded). */
export async function webRoutes(app: FastifyInstance, opts: { dist?: string; config?: Config; firstScreen?: Omit<FirstScreenDeps, 'strings'> } = {}): Promise<void> {
  const dist = opts.dist ?? WEB_DIST;
  const first = opts.firstScreen ? firstScreen({ ...opts.firstScreen, strings: firstRowsStrings(dist) }) : undefined;
  const stylesheet = rowsStylesheet(dist);
  await app.register(fastifyStatic, { root: dist, serve: false, preCompressed: true });
  const config = { permission: 'public' as const };
  const schema = { hide: true };

  const serve = async (path: string, reply: FastifyReply, req?: FastifyRequest) => {
    if (!existsSync(resolve(dist, 'index.html'))) return reply.type('text/html; charset=utf-8').send(NOT_BUILT);
    const file = resolve(dist, '.' + decodeURIComponent(path));
    if (path !== '/' && file.startsWith(dist + sep) && existsSync(file) && statSync(file).isFile()) {
      const immutable = path.startsWith('/assets/');
      return reply.sendFile(file.slice(dist.length + 1), { maxAge: immutable ? '365d' : 0, immutable });
    }
    // index.html is never cached: it names the current hashed assets. The customer's pages
    // leave out the desk's preloads (data-desk, see vite.config.ts): a customer never needs them.
    const html = readFileSync(resolve(dist, 'index.html'), 'utf8');
    if (first && req && isQueuePage(path)) {
      const language = pageLanguage(req);
      const screen = await first(req, language).catch((err: unknown) => {
        req.log.warn({ err }, 'first screen: left out');
        return null;
      });
      if (screen) {
        // Who is signed in decides the page: never kept by a cache, nor shared between cookies.
        // With rows, the page carries the part of the stylesheet they need and links the whole one
        // after them: the rows paint without waiting for it (a stylesheet in the body holds back only
        // what follows it), and the app's scripts still run only once it is here.
        const link = /[ \t]*(<link rel="stylesheet"[^>]*href="([^"]+)"[^>]*>)\r?\n?/.exec(html);
        const critical = screen.rows && link ? stylesheet(link[2]!) : '';
        const page = (critical ? html.replace(link![0], '') : html)
          .replace('<html lang="en"', `<html lang="${language}"`)
          .replace('<head>', `<head>\n    <script type="application/json" id="${FIRST_SCREEN_ID}">${screen.json}</script>`)
          .replace('<div id="root"></div>', critical ? `<div id="root"><style>${critical}</style>${screen.rows}</div>\n    ${link![1]}` : `<div id="root">${screen.rows}</div>`);
        reply.header('cache-control', 'no-store').header('vary', 'Cookie, Accept-Encoding').type('text/html; charset=utf-8');
        return compressed(page, req, reply);
      }
    }
    return reply.header('cache-control', 'no-cache').type('text/html; charset=utf-8').send(isCustomerPage(path) ? withoutDeskPreloads(html) : html);
  };

  app.get('/', { config, schema }, async (req, reply) => serve('/', reply, req));
  const spa = async (req: FastifyRequest, reply: FastifyReply) => {
    const path = req.url.split('?')[0]!;
    if (path === '/api' || path.startsWith('/api/')) throw new AppError('NOT_FOUND', `no route GET ${path}`);
    let decoded: string;
    try {
      decoded = decodeURIComponent(path);
    } catch {
      throw new AppError('NOT_FOUND', 'bad path');
    }
    if (decoded.includes('\0')) throw new AppError('NOT_FOUND', 'bad path');
    return serve(path, reply, req);
  };
  app.get('/*', { config, schema }, spa);
  // The embeddable form and its loader may be framed and read by other sites; nothing else may.
  const helmet = opts.config ? embeddableHeaders(opts.config) : undefined;
  app.get('/embed/*', { config, schema, ...(helmet ? { helmet } : {}) }, spa);
  app.get('/embed.js', { config, schema, ...(helmet ? { helmet } : {}) }, spa);
}
