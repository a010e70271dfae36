// The first script the page runs: a tiny entry of its own (index.html loads it
// async, before the app's code), which asks for the first screen's API answers
// at once — the session and, on the desk's home, the queue's first page — so
// they travel while the app's JavaScript downloads and starts. api.ts takes an
// answer from here instead of asking again. It imports nothing: any import
// would make the browser wait for another file before these requests leave.

/** The session, which every staff screen needs first. */
export const SESSION_PATH = '/api/v1/session';
/** The queue's first page as the desk asks for it (FIRST_QUEUE; test/web/boot.test.ts keeps them equal). */
export const FIRST_QUEUE_PATH = '/api/v1/cases?status=new%2Cacknowledged%2Cunderstood%2Cresolving&sort=priority&limit=50';

/** An early answer is used only this soon after the page started; later, the app asks afresh. */
const FRESH_MS = 20_000;

const early = new Map<string, { at: number; res: Promise<Response> }>();

/** The paths whose answers the first screen at `pathname` needs; none on the customer's pages. */
export function firstRequests(pathname: string): string[] {
  if (pathname === '/complain' || pathname.startsWith('/embed/') || pathname.startsWith('/portal/')) return [];
  return pathname === '/' || pathname === '/queue' ? [SESSION_PATH, FIRST_QUEUE_PATH] : [SESSION_PATH];
}

/** Starts the requests (once per page); a failed fetch stays with the caller, who asks again. */
export function startEarly(pathname: string, now = Date.now()): void {
  for (const path of firstRequests(pathname)) {
    if (early.has(path)) continue;
    const res = fetch(path, { credentials: 'same-origin' });
    res.catch(() => undefined); // an answer nobody takes must not be an unhandled rejection
    early.set(path, { at: now, res });
  }
}

/** The answer started early for this GET, once; undefined when there is none or it is stale. */
export function takeEarly(path: string, now = Date.now()): Promise<Response> | undefined {
  const e = early.get(path);
  if (!e) return undefined;
  early.delete(path);
  return now - e.at <= FRESH_MS ? e.res : undefined;
}

/** Drops what was not taken (nobody is signed in, so the queue's answer is a 401 of no use). */
export function forgetEarly(): void {
  early.clear();
}

if (typeof window !== 'undefined' && typeof fetch === 'function') startEarly(window.location.pathname);
