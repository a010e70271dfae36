// Input the route schemas do not see the way a client means it: control characters
// in a query string or a path segment (PostgreSQL cannot store NUL; none has a use
// in a query), and an action's missing body when the body has no required field.
import type { FastifyInstance } from 'fastify';
import { AppError } from '../domain/errors.ts';

/** C0 and C1 controls and DEL; tab, newline and carriage return may appear in free text. */
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;

function controlIn(values: unknown): string | null {
  if (!values || typeof values !== 'object') return null;
  // A plain loop (no entries array, no flat copy): it runs on every request.
  for (const key in values) {
    if (!Object.hasOwn(values, key)) continue;
    const value = (values as Record<string, unknown>)[key];
    if (Array.isArray(value)) {
      for (const v of value) if (typeof v === 'string' && (CONTROL.test(v) || CONTROL.test(key))) return key;
    } else if (typeof value === 'string' && (CONTROL.test(value) || CONTROL.test(key))) return key;
  }
  return null;
}

/** A URL of printable ASCII and no percent sign (no control character can hide in it). */
const PLAIN_URL = /^[\u0020-\u0024\u0026-\u007E]*$/;

/** Whether each body schema accepts an empty object, asked once per schema. */
const emptyAccepted = new WeakMap<object, boolean>();

/** A schema (Zod) that accepts an empty object, i.e. a body with no required field. */
function acceptsEmptyObject(schema: unknown): boolean {
  const s = schema as { safeParse?: (v: unknown) => { success: boolean } } | undefined;
  if (typeof s?.safeParse !== 'function') return false;
  let ok = emptyAccepted.get(s);
  if (ok === undefined) {
    ok = s.safeParse({}).success;
    emptyAccepted.set(s, ok);
  }
  return ok;
}

/** Registers the hooks: 400 for control characters, `{}` for an absent optional body. */
export function registerInputGuards(app: FastifyInstance): void {
  // Callback hooks (not async ones): no promise per request for checks that never wait.
  app.addHook('onRequest', (req, _reply, done) => {
    // The query string and the path parameters come from the URL: a control character gets
    // into either only percent-encoded or as a raw byte (C1 and DEL are above the printable
    // ASCII llhttp takes as it is). A URL of printable ASCII without % holds none.
    if (PLAIN_URL.test(req.url)) return done();
    let key = controlIn(req.query);
    let where = 'querystring';
    if (key === null) {
      key = controlIn(req.params);
      where = 'params';
    }
    if (key !== null) {
      done(new AppError('VALIDATION_FAILED', 'control characters are not allowed here', [{ path: `${where}/${key}`, message: 'contains a control character' }]));
      return;
    }
    done();
  });
  // POST /compensations/:id/approve with no body at all means "approve, no note".
  app.addHook('preValidation', (req, _reply, done) => {
    if ((req.body === undefined || req.body === null) && acceptsEmptyObject(req.routeOptions.schema?.body)) req.body = {};
    done();
  });
}

/** Largest CSV file an import takes. */
export const CSV_BODY_LIMIT = 10 * 1024 * 1024;

/** Reads `text/csv` bodies as one string in this scope (the imports parse them with csv-parse). */
export function acceptCsv(app: FastifyInstance): void {
  app.addContentTypeParser('text/csv', { parseAs: 'string', bodyLimit: CSV_BODY_LIMIT }, (_req, body, done) => done(null, body));
}
