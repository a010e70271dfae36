// Security headers (issue 14): a CSP with no inline script, no framing except the
// embeddable form, nosniff, a Referrer-Policy, and HSTS only when PUBLIC_URL is https.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../helpers/app.ts';
import { WEB_DIST } from '../../src/http/web.ts';
import { ensureWebBuild } from '../e2e/browser.ts';

/** The CSP as directive → sources. */
function csp(header: unknown): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const part of String(header ?? '').split(';')) {
    const [name, ...values] = part.trim().split(/\s+/);
    if (name) out.set(name, values);
  }
  return out;
}

describe('security headers', () => {
  let t: TestApp;
  let plain: TestApp;
  beforeAll(async () => {
    ensureWebBuild();
    t = await createTestApp('pglite', { PUBLIC_URL: 'https://complaints.example.com' });
    plain = await createTestApp('pglite', { PUBLIC_URL: 'http://127.0.0.1:3000' });
  }, 120_000);
  afterAll(async () => {
    await t?.close();
    await plain?.close();
  });

  it('every kind of answer forbids framing, sniffing, referrers and inline script', async () => {
    const answers = [
      await t.call(null, 'GET', '/'),
      await t.call(null, 'GET', '/cases/123'),
      await t.call(null, 'GET', '/api/v1/cases'), // 401
      await t.call('agent', 'GET', '/api/v1/cases'), // 200
      await t.call(null, 'GET', '/api/v1/nothing'), // 404
      await t.call(null, 'POST', '/api/v1/session', { email: 'x' }), // 400
      await t.call(null, 'GET', '/api/openapi.json'),
    ];
    for (const res of answers) {
      const where = `${res.statusCode} ${res.body.slice(0, 60)}`;
      const policy = csp(res.headers['content-security-policy']);
      expect(policy.get('frame-ancestors'), where).toEqual(["'none'"]);
      expect(policy.get('script-src'), where).toEqual(["'self'"]);
      expect(policy.get('script-src-attr'), where).toEqual(["'none'"]);
      expect(policy.get('object-src'), where).toEqual(["'none'"]);
      expect(policy.get('default-src'), where).toEqual(["'self'"]);
      expect(policy.has('upgrade-insecure-requests'), where).toBe(true);
      expect(res.headers['x-frame-options'], where).toBe('DENY');
      expect(res.headers['x-content-type-options'], where).toBe('nosniff');
      expect(res.headers['referrer-policy'], where).toBe('no-referrer');
      expect(res.headers['strict-transport-security'], where).toBe('max-age=31536000');
    }
  });

  it('no policy anywhere allows inline or evaluated script', async () => {
    for (const url of ['/', '/embed/complain', '/embed.js', '/api/docs/', '/api/v1/cases']) {
      const policy = csp((await t.call(null, 'GET', url)).headers['content-security-policy']);
      const script = [...(policy.get('script-src') ?? policy.get('default-src') ?? [])];
      expect(script, url).not.toContain("'unsafe-inline'");
      expect(script, url).not.toContain("'unsafe-eval'");
    }
  });

  it('the built index.html has no inline script or inline event handler', () => {
    const html = readFileSync(join(WEB_DIST, 'index.html'), 'utf8');
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [, attrs, body] of scripts) {
      expect(attrs).toMatch(/\bsrc=/);
      expect(body!.trim()).toBe('');
    }
    expect(html).not.toMatch(/\son[a-z]+\s*=/i);
  });

  it('the embeddable form may be framed by other sites, and its loader read cross-origin', async () => {
    for (const url of ['/embed/complain', '/embed/complain?lang=de', '/embed.js']) {
      const res = await t.call(null, 'GET', url);
      expect(res.statusCode, url).toBe(200);
      expect(res.headers['x-frame-options'], url).toBeUndefined();
      expect(csp(res.headers['content-security-policy']).get('frame-ancestors'), url).toEqual(['*']);
      expect(res.headers['cross-origin-resource-policy'], url).toBe('cross-origin');
      expect(res.headers['x-content-type-options'], url).toBe('nosniff');
    }
    expect((await t.call(null, 'GET', '/embed/complain')).body).toContain('<div id="root">');
    // The rest of the app keeps its same-origin resource policy.
    expect((await t.call(null, 'GET', '/complain')).headers['cross-origin-resource-policy']).toBe('same-origin');
  });

  it('EMBED_FRAME_ANCESTORS narrows who may frame the form', async () => {
    const narrow = await createTestApp('pglite', { EMBED_FRAME_ANCESTORS: 'https://shop.example https://www.shop.example' });
    try {
      const res = await narrow.call(null, 'GET', '/embed/complain');
      expect(csp(res.headers['content-security-policy']).get('frame-ancestors')).toEqual(['https://shop.example', 'https://www.shop.example']);
      expect(csp((await narrow.call(null, 'GET', '/')).headers['content-security-policy']).get('frame-ancestors')).toEqual(["'none'"]);
    } finally {
      await narrow.close();
    }
  });

  it('the Swagger UI loads only script files, so the common policy fits it (Chromium checks it in e2e/csp)', async () => {
    const page = await t.call(null, 'GET', '/api/docs/');
    expect(page.statusCode).toBe(200);
    for (const [, attrs, body] of page.body.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)) {
      expect(attrs).toMatch(/\bsrc=/);
      expect(body!.trim()).toBe('');
    }
    expect(page.headers['x-frame-options']).toBe('DENY');
    const init = await t.call(null, 'GET', '/api/docs/static/swagger-initializer.js');
    expect(init.statusCode).toBe(200);
  });

  it('HSTS only when PUBLIC_URL is https; plain http does not upgrade requests', async () => {
    const res = await plain.call(null, 'GET', '/');
    expect(res.headers['strict-transport-security']).toBeUndefined();
    expect(csp(res.headers['content-security-policy']).has('upgrade-insecure-requests')).toBe(false);
    expect(res.headers['x-frame-options']).toBe('DENY');
  });
});
