// web/src/boot.ts: the first screen's API requests leave before the app's code
// has arrived; api() takes each answer once, while fresh, and only on the desk.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { FIRST_QUEUE, queueQuery } from '../../web/src/staff/queue-query.ts';
import { FIRST_QUEUE_PATH, FIRST_SCREEN_ID, SESSION_PATH, firstRequests, forgetEarly, readFirstScreen, startEarly, takeEarly } from '../../web/src/boot.ts';
import { api, qs } from '../../web/src/api.ts';

describe('early requests of the first screen', () => {
  afterEach(() => {
    forgetEarly();
    vi.unstubAllGlobals();
  });

  it("asks for exactly the queue's first page as the queue asks for it", async () => {
    expect(FIRST_QUEUE_PATH).toBe(`/api/v1/cases${qs({ ...FIRST_QUEUE, cursor: undefined })}`);
    const asked: string[] = [];
    vi.stubGlobal('fetch', async (url: string) => (asked.push(url), new Response('{"items":[],"nextCursor":null}')));
    await queueQuery(FIRST_QUEUE).queryFn({ pageParam: undefined });
    expect(asked).toEqual([FIRST_QUEUE_PATH]);
  });

  it('asks for the session and the queue on the desk, the session elsewhere on the desk, nothing for customers', () => {
    expect(firstRequests('/')).toEqual([SESSION_PATH, FIRST_QUEUE_PATH]);
    expect(firstRequests('/cases/42')).toEqual([SESSION_PATH]);
    for (const p of ['/complain', '/embed/complain', '/portal/abc']) expect(firstRequests(p)).toEqual([]);
  });

  it("asks for nothing the page answered (src/http/first-screen.ts), and for nothing when nobody is signed in", () => {
    const user = { user: { id: 'u1' } };
    expect(firstRequests('/', { session: null })).toEqual([]);
    expect(firstRequests('/cases/42', { session: null })).toEqual([]);
    expect(firstRequests('/', { session: user, queue: { path: FIRST_QUEUE_PATH, page: { items: [], nextCursor: null } } })).toEqual([]);
    expect(firstRequests('/queue', { session: user })).toEqual([FIRST_QUEUE_PATH]);
    // A page answered for another query is no answer to this one.
    expect(firstRequests('/', { session: user, queue: { path: '/api/v1/cases?limit=5', page: {} } })).toEqual([FIRST_QUEUE_PATH]);
  });

  it("reads the page's answers, and takes nothing from a missing or mangled element", () => {
    const doc = (text: string | null) => ({ getElementById: (id: string) => (id === FIRST_SCREEN_ID && text !== null ? ({ textContent: text } as HTMLElement) : null) });
    expect(readFirstScreen(doc('{"session":null}'))).toEqual({ session: null });
    expect(readFirstScreen(doc('{"session":{"user":{"id":"u1"}},"queue":{"path":"/x","page":{}}}'))!.queue!.path).toBe('/x');
    for (const bad of [null, '', '{', '[]', 'null', '{"queue":{}}', '{"session":{}}', '{"session":"yes"}']) expect(readFirstScreen(doc(bad)), String(bad)).toBeUndefined();
  });

  it('api() uses an early answer once (no second request), then asks again', async () => {
    const asked: string[] = [];
    vi.stubGlobal('fetch', async (url: string) => (asked.push(url), new Response(JSON.stringify({ user: { name: `call ${asked.length}` } }))));
    startEarly('/cases/42');
    startEarly('/cases/42'); // a second start asks for nothing more
    expect(asked).toEqual([SESSION_PATH]);
    expect(await api('GET', SESSION_PATH)).toEqual({ user: { name: 'call 1' } });
    expect(asked).toHaveLength(1);
    expect(await api('GET', SESSION_PATH)).toEqual({ user: { name: 'call 2' } });
    expect(asked).toHaveLength(2);
  });

  it('ignores a stale or forgotten answer, and a failed early request is no unhandled rejection', async () => {
    vi.stubGlobal('fetch', () => Promise.reject(new Error('offline')));
    startEarly('/', 1_000);
    expect(takeEarly(SESSION_PATH, 1_000 + 60_000)).toBeUndefined();
    forgetEarly();
    expect(takeEarly(FIRST_QUEUE_PATH, 1_000)).toBeUndefined();
    await new Promise((r) => setTimeout(r, 10));
  });
});
