// How `amends serve` serves the web app: hashed assets cached for a year and
// sent precompressed, the desk's first screen preloaded (not on the customer's pages),
// index.html for the SPA's routes (a portal link opened cold), JSON 404s
// under /api, no way out of web/dist, and a helpful page when not built.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readdirSync } from 'node:fs';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { registerAuth, type RegisteredRoute } from '../../src/http/auth.ts';
import { registerErrorHandling } from '../../src/http/errors.ts';
import { WEB_DIST, webRoutes } from '../../src/http/web.ts';
import { ensureWebBuild } from './browser.ts';

describe('serving the web app', () => {
  let t: TestApp;
  beforeAll(async () => {
    ensureWebBuild();
    t = await createTestApp('pglite');
  }, 120_000);
  afterAll(async () => {
    await t?.close();
  });

  it('answers index.html for the SPA routes, without caching it', async () => {
    for (const url of ['/', '/portal/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA', '/cases/123', '/complain', '/embed/complain?x=1']) {
      const res = await t.app.inject({ method: 'GET', url });
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['content-type']).toMatch(/text\/html/);
      expect(res.body).toContain('<div id="root">');
      // The desk's home says who is signed in (nobody, here): never kept (first-screen-serving.test.ts).
      expect(res.headers['cache-control']).toBe(url === '/' ? 'no-store' : 'no-cache');
    }
  });

  it('serves hashed assets for a year and the embed snippet', async () => {
    const js = readdirSync(join(WEB_DIST, 'assets')).find((f) => f.endsWith('.js'))!;
    const res = await t.app.inject({ method: 'GET', url: `/assets/${js}` });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/javascript/);
    expect(res.headers['cache-control']).toContain('immutable');
    const embed = await t.app.inject({ method: 'GET', url: '/embed.js' });
    expect(embed.statusCode).toBe(200);
    expect(embed.body).toContain('/embed/complain');
  });

  it('sends assets precompressed (brotli, else gzip, else plain), varying on Accept-Encoding', async () => {
    const js = readdirSync(join(WEB_DIST, 'assets')).find((f) => /^index-.*\.js$/.test(f))!;
    const plain = await t.app.inject({ method: 'GET', url: `/assets/${js}` });
    for (const [accept, encoding] of [['br, gzip', 'br'], ['gzip', 'gzip'], ['identity', undefined]] as const) {
      const res = await t.app.inject({ method: 'GET', url: `/assets/${js}`, headers: { 'accept-encoding': accept } });
      expect(res.statusCode, accept).toBe(200);
      expect(res.headers['content-encoding'], accept).toBe(encoding);
      expect(res.headers['content-type'], accept).toMatch(/javascript/);
      expect(res.headers.vary, accept).toMatch(/accept-encoding/i);
      expect(res.headers['cache-control'], accept).toContain('immutable');
      const body = encoding === 'br' ? brotliDecompressSync(res.rawPayload) : encoding === 'gzip' ? gunzipSync(res.rawPayload) : res.rawPayload;
      expect(body.equals(plain.rawPayload), accept).toBe(true);
      if (encoding) expect(res.rawPayload.length, accept).toBeLessThan(plain.rawPayload.length / 2);
    }
  });

  it("starts the desk's first screen from index.html, and leaves the desk out of the customer's pages", async () => {
    const desk = (await t.app.inject({ method: 'GET', url: '/' })).body;
    // boot.ts asks for the session and the queue early; the desk's and the queue's chunks are preloaded.
    expect(desk).toMatch(/<script type="module" async crossorigin src="\/assets\/boot-[^"]+\.js"><\/script>/);
    expect(desk).toMatch(/<link rel="modulepreload" crossorigin href="\/assets\/staff-app-[^"]+\.js" data-desk>/);
    expect(desk).toMatch(/<link rel="modulepreload" crossorigin href="\/assets\/queue-[^"]+\.js" data-desk>/);
    for (const url of ['/complain', '/embed/complain?x=1', '/portal/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA']) {
      const html = (await t.app.inject({ method: 'GET', url })).body;
      expect(html, url).not.toContain('data-desk');
      expect(html, url).toContain('/assets/boot-');
      expect(html, url).toContain('<div id="root">');
    }
    expect((await t.app.inject({ method: 'GET', url: '/cases/123' })).body).toContain('data-desk');
  });

  it('keeps /api answers as JSON errors and never leaves web/dist', async () => {
    const api = await t.app.inject({ method: 'GET', url: '/api/v1/nothing-here' });
    expect(api.statusCode).toBe(404);
    expect(JSON.parse(api.body).error.code).toBe('NOT_FOUND');
    for (const url of ['/..%2f..%2fpackage.json', '/assets/..%2f..%2f..%2fpackage.json', '/%2e%2e/%2e%2e/package.json']) {
      const res = await t.app.inject({ method: 'GET', url });
      expect(res.body, url).not.toContain('"name": "amends"');
    }
    const post = await t.app.inject({ method: 'POST', url: '/complain', payload: {} });
    expect(post.statusCode).toBe(404);
  });

  it('says how to build the web app when web/dist is missing', async () => {
    const app = Fastify();
    registerErrorHandling(app);
    registerAuth(app, t.database.db, [] as RegisteredRoute[]);
    await app.register(webRoutes, { dist: mkdtempSync(join(tmpdir(), 'amends-nodist-')) });
    const res = await app.inject({ method: 'GET', url: '/portal/abc' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('npm run build:web');
    await app.close();
  });
});
