// The desk's first screen in its document (issue 15): index.html at / and /queue
// carries, for a signed-in member of staff who may read cases, the session and the
// queue's first page — the very answers of GET /api/v1/session and of the queue's
// first GET /api/v1/cases (same lookup of the cookie, same permission, same query,
// same serializer) — as JSON in a <script type="application/json"> (never run, so
// the CSP allows it), so the app's first render asks the API nothing; and the rows
// themselves as HTML (first-rows.ts), shown before any script has run and replaced
// by React when it mounts. Signed out, the page says so ({"session":null}) and the
// app shows the sign-in form without asking. Any failure: the plain page.
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Db } from '../db/client.ts';
import { listCases } from '../cases/list-cases.ts';
import { userMay, type SessionUserOf } from './auth.ts';
import { fastSerializerCompiler } from './fast-serializer.ts';
import { strictSerializerCompiler } from './strict-responses.ts';
import { CaseListSchema, ListQuery } from './routes/cases/schemas.ts';
import { SessionUserSchema, sessionUser } from './routes/session/index.ts';
import { renderFirstRows, type FirstRowsStrings, type RowsInput } from './first-rows.ts';

/** The queue's first page as the desk asks for it (web/src/boot.ts FIRST_QUEUE_PATH; test/web/boot.test.ts keeps them equal). */
export const FIRST_QUEUE_PATH = '/api/v1/cases?status=new%2Cacknowledged%2Cunderstood%2Cresolving&sort=priority&limit=50';

/** The id of the embedded JSON (web/src/boot.ts reads it). */
export const FIRST_SCREEN_ID = 'amends-first-screen';

/** The addresses whose first screen is the queue. */
export function isQueuePage(path: string): boolean {
  return path === '/' || path === '/queue';
}

/**
 * JSON that is safe inside a <script> element: no `<` (so no `</script>` nor `<!--`), `>`, `&`,
 * nor the two line separators, each written as its \u escape (the same value to JSON.parse).
 */
export function scriptSafeJson(json: string): string {
  return json.replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

export interface FirstScreenDeps {
  db: Db;
  sessionUser: SessionUserOf;
  /** The desk's strings for the rows, by language (undefined: JSON only, no rows). */
  strings?: (language: string) => FirstRowsStrings | undefined;
  /** Tests: the strict serializer, as the API's (strict-responses.ts; production: fast-serializer.ts). */
  strict?: boolean;
}

export interface FirstScreen {
  /** The JSON to embed (already script-safe). */
  json: string;
  /** The rows' HTML for #root, or ''. */
  rows: string;
}

/**
 * Builds the per-request renderer (the serializers are compiled once). It answers null when
 * the page should be the plain one (a user without cases:read).
 */
export function firstScreen(deps: FirstScreenDeps): (req: FastifyRequest, language: string) => Promise<FirstScreen | null> {
  const compile = deps.strict ? strictSerializerCompiler : fastSerializerCompiler;
  const route = (schema: z.ZodType, url: string) => compile({ schema, method: 'GET', url, httpStatus: '200' } as Parameters<typeof compile>[0]);
  const writeSession = route(z.object({ user: SessionUserSchema }), '/api/v1/session');
  const writeQueue = route(CaseListSchema, '/api/v1/cases');
  // The route's own validation of the first page's query (the API sees the same).
  const query = ListQuery.parse(Object.fromEntries(new URL(FIRST_QUEUE_PATH, 'http://x').searchParams));
  return async (req, language) => {
    const user = await deps.sessionUser(req);
    if (!user) return { json: '{"session":null}', rows: '' };
    // GET /session and GET /cases both need cases:read; without it the app asks (and is told 403).
    if (!userMay(user, 'cases:read')) return null;
    const session = writeSession({ user: sessionUser(user) });
    let page: Awaited<ReturnType<typeof listCases>>;
    try {
      page = await listCases(deps.db, { ...query, ownerId: undefined, involving: undefined });
    } catch (err) {
      req.log.warn({ err }, 'first screen: the queue could not be read; the app will ask');
      return { json: scriptSafeJson(`{"session":${session}}`), rows: '' };
    }
    const json = scriptSafeJson(`{"session":${session},"queue":{"path":${JSON.stringify(FIRST_QUEUE_PATH)},"page":${writeQueue(page)}}}`);
    const strings = deps.strings?.(language);
    const rows = strings ? renderFirstRows(page as RowsInput, { id: user.id, name: user.name }, strings, language) : '';
    return { json, rows };
  };
}
