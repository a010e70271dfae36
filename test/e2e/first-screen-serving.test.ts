// The desk's page with the agent's queue in it (src/http/first-screen.ts, issue 15):
// for a valid session, / and /queue carry the session's and the queue's first answers
// exactly as the API gives them to that cookie, and the rows as HTML; signed out, only
// that nobody is; never cached nor shared; escaped against </script>; the CSP unchanged.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, PASSWORD, type TestApp } from '../helpers/app.ts';
import { users } from '../../src/db/schema.ts';
import { forgetSignIns } from '../../src/staff/auth-cache.ts';
import { FIRST_QUEUE_PATH, FIRST_SCREEN_ID, scriptSafeJson } from '../../src/http/first-screen.ts';
import { WEB_DIST } from '../../src/http/web.ts';
import * as boot from '../../web/src/boot.ts';
import { ensureWebBuild } from './browser.ts';

const EMBED = new RegExp(`<script type="application/json" id="${FIRST_SCREEN_ID}">([^<]*)</script>`);

describe("the desk's page carries the signed-in agent's queue", () => {
  let t: TestApp;
  let cookie: string;
  const page = (url: string, c?: string, headers: Record<string, string> = {}) => t.app.inject({ method: 'GET', url, headers, ...(c ? { cookies: { amends_session: c } } : {}) });
  const embedded = (html: string) => {
    const m = EMBED.exec(html);
    return m ? (JSON.parse(m[1]!) as { session: { user: { id: string } } | null; queue?: { path: string; page: { items: { id: string; customer: { name: string } }[] } } }) : undefined;
  };
  const signIn = async (email: string) => {
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/session', payload: { email, password: PASSWORD } });
    expect(res.statusCode).toBe(200);
    return res.cookies.find((c) => c.name === 'amends_session')!.value;
  };

  beforeAll(async () => {
    ensureWebBuild();
    t = await createTestApp('pglite');
    for (const [name, subject] of [
      ['Ilze Bērziņa', 'Parcel late'],
      ['</script><script>alert(1)</script>', '<!-- <script> & "quotes" \u2028'],
    ]) {
      const res = await t.call('agent', 'POST', '/api/v1/cases', { channel: 'email', customer: { name, email: `${Math.random()}@example.com` }, subject, body: 'It came broken.' });
      expect(res.statusCode).toBe(201);
    }
    cookie = await signIn('agent@test.example');
  }, 120_000);
  afterAll(async () => {
    await t?.close();
  });

  it('names the same query and element as the web app', () => {
    expect(boot.FIRST_QUEUE_PATH).toBe(FIRST_QUEUE_PATH);
    expect(boot.FIRST_SCREEN_ID).toBe(FIRST_SCREEN_ID);
  });

  it('with a session: the answers of GET /session and of the first queue page, byte for byte, and the rows; never cached', async () => {
    for (const url of ['/', '/queue']) {
      const res = await page(url, cookie);
      expect(res.statusCode).toBe(200);
      expect(res.headers['cache-control']).toBe('no-store');
      expect(res.headers.vary).toMatch(/cookie/i);
      // The policy stays strict: no inline script may run (the JSON is data, never run).
      expect(res.headers['content-security-policy']).toContain("script-src 'self';");
      const text = EMBED.exec(res.body)![1]!;
      const session = await t.app.inject({ method: 'GET', url: '/api/v1/session', cookies: { amends_session: cookie } });
      const queue = await t.app.inject({ method: 'GET', url: FIRST_QUEUE_PATH, cookies: { amends_session: cookie } });
      expect(text).toBe(scriptSafeJson(`{"session":${session.body},"queue":{"path":${JSON.stringify(FIRST_QUEUE_PATH)},"page":${queue.body}}}`));
      const data = embedded(res.body)!;
      expect(data.session!.user.id).toBe(t.users.agent.id);
      expect(data.queue!.page.items).toHaveLength(2);
      // The rows, with real links to the cases, where React will mount.
      const root = res.body.slice(res.body.indexOf('<div id="root">'));
      expect(root.match(/data-testid="queue-row"/g)).toHaveLength(2);
      for (const c of data.queue!.page.items) expect(root).toContain(`<a href="/cases/${c.id}"`);
      expect(root).toContain('Ilze Bērziņa');
      // The rows' part of the stylesheet is inline; the whole sheet is linked after them, not in the head.
      expect(root).toMatch(/^<div id="root"><style>[^]*?\.m_347db0ec\{[^]*?<\/style>/);
      expect(res.body.slice(0, res.body.indexOf('</head>'))).not.toContain('rel="stylesheet"');
      expect(root).toMatch(/<\/table>.*<\/div>\s*<link rel="stylesheet"[^>]+href="\/assets\/[^"]+\.css">/s);
    }
  });

  it('sends the page compressed when the browser takes it (brotli, else gzip)', async () => {
    const plain = (await page('/', cookie)).body;
    for (const [accept, encoding] of [['gzip, deflate, br', 'br'], ['gzip, deflate', 'gzip']] as const) {
      const res = await page('/', cookie, { 'accept-encoding': accept });
      expect(res.headers['content-encoding']).toBe(encoding);
      expect(res.headers.vary).toMatch(/accept-encoding/i);
      const body = (encoding === 'br' ? brotliDecompressSync(res.rawPayload) : gunzipSync(res.rawPayload)).toString();
      // The same page but for the ages ("in 29 hours"), which follow the clock.
      expect(body.replace(/data-testid="deadline"[^]*?<\/tr>/g, '')).toBe(plain.replace(/data-testid="deadline"[^]*?<\/tr>/g, ''));
      expect(res.rawPayload.length).toBeLessThan(plain.length / 2);
    }
  });

  it('escapes what customers wrote: no </script> nor <!-- in the JSON, nothing unescaped in the rows', async () => {
    const res = await page('/', cookie);
    const text = EMBED.exec(res.body)![1]!;
    expect(text).not.toMatch(/[<>&\u2028\u2029]/);
    const names = embedded(res.body)!.queue!.page.items.map((c) => c.customer.name);
    expect(names).toContain('</script><script>alert(1)</script>');
    // One script element of ours before the app's: the customer's text opened none.
    expect(res.body.match(/<script/g)!.length).toBe((await page('/cases/1')).body.match(/<script/g)!.length + 1);
    expect(res.body).toContain('&lt;/script&gt;&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(res.body).toContain('&lt;!-- &lt;script&gt; &amp; &quot;quotes&quot;');
  });

  it('signed out, or with a session that ended or a person deactivated: says nobody is signed in, and nothing else', async () => {
    const other = await signIn('supervisor@test.example');
    expect(embedded((await page('/', other)).body)!.session).not.toBeNull();
    await t.app.inject({ method: 'DELETE', url: '/api/v1/session', cookies: { amends_session: other } });
    const head = await signIn('head@test.example');
    await t.database.db.update(users).set({ active: false }).where(eq(users.id, t.users.head.id));
    forgetSignIns();
    for (const c of [undefined, 'not-a-session', other, head]) {
      const res = await page('/', c);
      expect(res.statusCode).toBe(200);
      expect(EMBED.exec(res.body)![1]).toBe('{"session":null}');
      expect(res.body).not.toContain('queue-row');
      expect(res.body).not.toContain('Ilze');
      expect(res.body).toContain('<div id="root"></div>');
      expect(res.headers['cache-control']).toBe('no-store');
      expect(res.headers.vary).toMatch(/cookie/i);
    }
  });

  it('other pages of the desk and the customer pages stay the plain, shared page', async () => {
    for (const url of ['/cases/123', '/complain', '/portal/AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA']) {
      const res = await page(url, cookie);
      expect(res.body, url).not.toContain(FIRST_SCREEN_ID);
      expect(res.body, url).toContain('<div id="root"></div>');
      expect(res.headers['cache-control'], url).toBe('no-cache');
    }
  });

  it("writes the rows in the reader's language (chosen, else the browser's) with classes Mantine's stylesheet has", async () => {
    const lv = (await page('/', cookie, { 'accept-language': 'lv-LV,lv;q=0.9' })).body;
    const words = JSON.parse(readFileSync(join(WEB_DIST, 'first-rows.json'), 'utf8')) as Record<string, { queue: { title: string }; status: Record<string, string> }>;
    expect(lv).toContain(`>${words.lv!.queue.title}</h2>`);
    const de = (await t.app.inject({ method: 'GET', url: '/', headers: { 'accept-language': 'lv' }, cookies: { amends_session: cookie, amends_lang: 'de' } })).body;
    expect(de).toContain(`>${words.de!.queue.title}</h2>`);
    expect(de).toContain(`>${words.de!.status.acknowledged}</span>`);
    const css = readdirSync(join(WEB_DIST, 'assets')).filter((f) => f.endsWith('.css')).map((f) => readFileSync(join(WEB_DIST, 'assets', f), 'utf8')).join('');
    const rows = de.slice(de.indexOf('</style>', de.indexOf('<div id="root">')));
    const classes = new Set([...rows.matchAll(/\bm_[0-9a-f]+\b/g)].map((m) => m[0]));
    expect(classes.size).toBeGreaterThan(10);
    for (const c of classes) expect(css, c).toContain(`.${c}`);
  });
});
