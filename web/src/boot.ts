// The first script the page runs: a tiny entry of its own (index.html loads it
// async, before the app's code), which asks for the first screen's API answers
// at once — the session and, on the desk's home, the queue's first page — so
// they travel while the app's JavaScript downloads and starts. api.ts takes an
// answer from here instead of asking again. It imports nothing: any import
// would make the browser wait for another file before these requests leave.
// When the server wrote those answers into the page (src/http/first-screen.ts:
// the session, or that nobody is signed in, and the queue's first page), it
// asks for none of them: main.tsx seeds the app with the page's answers.

/** The session, which every staff screen needs first. */
export const SESSION_PATH = '/api/v1/session';
/** The queue's first page as the desk asks for it (FIRST_QUEUE; test/web/boot.test.ts keeps them equal). */
export const FIRST_QUEUE_PATH = '/api/v1/cases?status=new%2Cacknowledged%2Cunderstood%2Cresolving&sort=priority&limit=50';

/** An early answer is used only this soon after the page started; later, the app asks afresh. */
const FRESH_MS = 20_000;

const early = new Map<string, { at: number; res: Promise<Response> }>();

/** The id of the page's embedded answers (src/http/first-screen.ts FIRST_SCREEN_ID). */
export const FIRST_SCREEN_ID = 'amends-first-screen';

/** The answers the server wrote into the page: the session's (null: nobody is signed in) and the queue's first page. */
export interface FirstScreenData {
  session: { user: unknown } | null;
  queue?: { path: string; page: unknown };
}

/** The page's embedded answers, if it has any that make sense. */
export function readFirstScreen(doc: Pick<Document, 'getElementById'>): FirstScreenData | undefined {
  const text = doc.getElementById(FIRST_SCREEN_ID)?.textContent;
  if (!text) return undefined;
  try {
    const d = JSON.parse(text) as FirstScreenData | null;
    if (!d || typeof d !== 'object' || !('session' in d)) return undefined;
    if (d.session !== null && (typeof d.session !== 'object' || !d.session.user)) return undefined;
    return d;
  } catch {
    return undefined;
  }
}

let given: FirstScreenData | undefined;

/** What this page came with (read once, as the page starts); undefined: it came with nothing. */
export function firstScreenData(): FirstScreenData | undefined {
  return given;
}

/** The paths whose answers the first screen at `pathname` needs and the page does not carry; none on the customer's pages. */
export function firstRequests(pathname: string, page?: FirstScreenData): string[] {
  if (pathname === '/complain' || pathname.startsWith('/embed/') || pathname.startsWith('/portal/')) return [];
  const wanted = pathname === '/' || pathname === '/queue' ? [SESSION_PATH, FIRST_QUEUE_PATH] : [SESSION_PATH];
  if (!page) return wanted;
  // Nobody is signed in: every answer would be a 401, and the sign-in form needs none.
  if (page.session === null) return [];
  return wanted.filter((p) => p !== SESSION_PATH && !(p === FIRST_QUEUE_PATH && page.queue?.path === FIRST_QUEUE_PATH));
}

/** Starts the requests (once per page); a failed fetch stays with the caller, who asks again. */
export function startEarly(pathname: string, now = Date.now()): void {
  for (const path of firstRequests(pathname, given)) {
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

if (typeof window !== 'undefined' && typeof fetch === 'function') {
  given = readFirstScreen(document);
  startEarly(window.location.pathname);
}
