// Security headers on every answer, by helmet: a Content-Security-Policy with no inline
// script, no framing (except the embeddable complaint form), nosniff, no Referer (portal
// links carry a token in the path), and HSTS when PUBLIC_URL is https.
// The helmet middleware is built once per configuration (the global one, and each route's
// `helmet` option), not per request as the @fastify/helmet plugin does: building it parsed
// and checked the whole policy at every call. Its headers are recorded once and added to each
// answer's reply headers (a route that hijacks its reply writes `reply.getHeaders()` itself).
import helmet from 'helmet';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Config } from '../config.ts';

/** helmet's options: the global headers, and a route's own (`helmet` route option). */
export type HelmetOptions = NonNullable<Parameters<typeof helmet>[0]>;

declare module 'fastify' {
  interface RouteShorthandOptions {
    /** The route's own security headers over the global ones, or none (`false`). */
    helmet?: HelmetOptions | false;
  }
}

type Directives = Record<string, string[] | null>;

/** The policy of the web app and the API. Mantine writes <style> elements, so styles may be inline; scripts never. */
function directives(https: boolean, frameAncestors: string[]): Directives {
  return {
    'default-src': ["'self'"],
    'base-uri': ["'self'"],
    'script-src': ["'self'"],
    'script-src-attr': ["'none'"],
    'style-src': ["'self'", "'unsafe-inline'"],
    'img-src': ["'self'", 'data:', 'blob:'],
    'font-src': ["'self'", 'data:'],
    'connect-src': ["'self'"],
    'object-src': ["'none'"],
    'form-action': ["'self'"],
    'frame-ancestors': frameAncestors,
    // On plain http (a laptop, a test) upgrading would break every asset.
    'upgrade-insecure-requests': https ? [] : null,
  };
}

function isHttps(cfg: Config): boolean {
  return (cfg.PUBLIC_URL ?? '').startsWith('https://');
}

/** The headers every route gets. */
export function securityHeaders(cfg: Config): HelmetOptions {
  const https = isHttps(cfg);
  return {
    contentSecurityPolicy: { useDefaults: false, directives: directives(https, ["'none'"]) },
    xFrameOptions: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
    strictTransportSecurity: https ? { maxAge: 365 * 86_400, includeSubDomains: false } : false,
    crossOriginEmbedderPolicy: false,
  };
}

/**
 * The embeddable complaint form (/embed/complain) and its loader (/embed.js): framed
 * by the sites named in EMBED_FRAME_ANCESTORS (default any), and the loader script
 * readable cross-origin. Pass as a route's `helmet` option.
 */
export function embeddableHeaders(cfg: Config): HelmetOptions {
  const ancestors = (cfg.EMBED_FRAME_ANCESTORS ?? '*').split(/\s+/).filter(Boolean);
  return {
    contentSecurityPolicy: { useDefaults: false, directives: directives(isHttps(cfg), ancestors) },
    xFrameOptions: false,
    crossOriginResourcePolicy: { policy: 'cross-origin' },
  };
}

type Middleware = ReturnType<typeof helmet>;

/**
 * What a helmet middleware does to a response: headers removed and set (names in lower case),
 * or, for a policy with a per-request part, the middleware itself.
 */
type HeaderOps = { remove: string[]; set: [string, string | number | readonly string[]][] } | Middleware;

/** Whether an option holds a function anywhere (a CSP directive computed per request, such as a nonce). */
function computed(v: unknown): boolean {
  if (typeof v === 'function') return true;
  if (Array.isArray(v)) return v.some(computed);
  return typeof v === 'object' && v !== null && Object.values(v).some(computed);
}

/**
 * The headers helmet writes with `options`, recorded once: with a policy of fixed values (no
 * per-request nonce: every directive here is a list of strings) helmet writes the same
 * headers to every response, so each answer gets them as reply headers (written with the
 * answer's own by one writeHead) instead of running helmet's dozen middlewares and their
 * setHeader calls. Helmet throws on a bad configuration: now at start-up.
 */
function recordHeaders(options: HelmetOptions): HeaderOps {
  const middleware = helmet(options);
  if (computed(options)) return middleware;
  const ops: Exclude<HeaderOps, Middleware> = { remove: [], set: [] };
  const res = {
    setHeader: (name: string, value: string | number | readonly string[]) => ops.set.push([name.toLowerCase(), value]),
    removeHeader: (name: string) => ops.remove.push(name),
  };
  middleware({} as never, res as never, noop);
  return ops;
}

function replay(ops: HeaderOps, req: FastifyRequest, reply: FastifyReply): void {
  if (typeof ops === 'function') return ops(req.raw, reply.raw, noop);
  for (const name of ops.remove) reply.raw.removeHeader(name);
  for (const [name, value] of ops.set) reply.header(name, value);
}

/** A route's own headers (its `helmet` option, over the global ones), or none (`helmet: false`). */
const HEADERS = Symbol('helmet headers');

/** Registers the headers for every route, 404s and errors included. */
export async function registerSecurityHeaders(app: FastifyInstance, cfg: Config): Promise<void> {
  const global = securityHeaders(cfg);
  const everywhere = recordHeaders(global);
  app.addHook('onRoute', (route) => {
    const own = (route as { helmet?: unknown }).helmet;
    if (own === undefined) return;
    if (own !== false && (typeof own !== 'object' || own === null)) throw new Error('Unknown value for route helmet configuration');
    const headers: HeaderOps | null = own === false ? null : recordHeaders({ ...global, ...(own as HelmetOptions) } as HelmetOptions);
    route.config = Object.assign(route.config ?? Object.create(null), { [HEADERS]: headers });
  });
  app.addHook('onRequest', (request, reply, done) => {
    const config = request.routeOptions.config as { [HEADERS]?: HeaderOps | null } | undefined;
    const headers = config && HEADERS in config ? config[HEADERS] : everywhere;
    if (headers) replay(headers, request, reply);
    done();
  });
}

function noop(): void {}
