// Structured JSON logs (issue 15) through Fastify's pino logger: one JSON object per
// line, each carrying the request id (`reqId`), taken from a well-formed X-Request-Id
// or made up, and sent back in the X-Request-Id response header. Nothing secret is
// logged: no headers (so no cookies or bearer tokens), portal and reset tokens cut
// out of URLs, and the parameters Drizzle puts into a failed query's message dropped.
import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyServerOptions } from 'fastify';
import type { Config } from '../config.ts';

const REQUEST_ID = /^[A-Za-z0-9._:@/+=-]{1,128}$/;

/** The id of a request: the caller's X-Request-Id when it is a plain token, else a new UUID. */
export function requestId(header: string | string[] | undefined): string {
  const given = Array.isArray(header) ? header[0] : header;
  return given && REQUEST_ID.test(given) ? given : randomUUID();
}

/** A URL as logged: path segments after /portal/ and token-like query values replaced. */
export function redactUrl(url: string): string {
  const [path, query] = url.split('?', 2) as [string, string | undefined];
  const safePath = path.replace(/(\/portal\/)[^/?#]+/g, '$1[token]');
  if (query === undefined) return safePath;
  const safeQuery = query.replace(/((?:^|&)(?:token|key|code|password|secret|access_token)=)[^&]*/gi, '$1[redacted]');
  return `${safePath}?${safeQuery}`;
}

/** An error as logged: Drizzle appends the query's parameters (which may be tokens or addresses) to its message; they go. */
export function redactErrorMessage(message: string): string {
  const at = message.indexOf('\nparams:');
  return at >= 0 ? message.slice(0, at) : message;
}

/** The Fastify logger settings for a server process (false: no logs, as in tests). */
export function loggerOptions(cfg: Pick<Config, 'LOG_LEVEL'>): FastifyServerOptions['logger'] {
  return {
    level: cfg.LOG_LEVEL,
    // Only these fields of a request and a response ever reach a log line.
    serializers: {
      req: (req: { method: string; url: string; routeOptions?: { url?: string }; ip?: string }) => ({
        method: req.method,
        url: redactUrl(req.url),
        route: req.routeOptions?.url,
        remoteAddress: req.ip,
      }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      err: (err: Error & { code?: unknown; statusCode?: unknown; cause?: unknown }) => ({
        type: err.name,
        message: redactErrorMessage(String(err.message ?? '')),
        code: err.code,
        statusCode: err.statusCode,
        stack: err.stack ? redactErrorMessage(err.stack) : '',
        cause: err.cause instanceof Error ? { type: err.cause.name, message: redactErrorMessage(err.cause.message), code: (err.cause as { code?: unknown }).code } : undefined,
      }),
    },
    redact: { paths: ['req.headers', 'password', '*.password', 'token', '*.token', 'cause.params', 'params'], censor: '[redacted]' },
  };
}

/** Fastify options for request ids. */
export const requestIdOptions = {
  requestIdHeader: false as const,
  genReqId: (req: { headers: Record<string, string | string[] | undefined> }) => requestId(req.headers['x-request-id']),
};

/** Sends the request id back, so a caller can quote it when reporting a problem. */
export function echoRequestId(app: FastifyInstance): void {
  app.addHook('onRequest', (req, reply, done) => {
    reply.header('x-request-id', req.id);
    done();
  });
}
