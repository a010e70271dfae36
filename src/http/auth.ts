// Default deny (STYLE 6): every route declares `config.permission`; a route
// without one answers 403 to everybody, and a test fails on it. Staff are
// known by a session cookie or a bearer token; customers by their portal
// token, which the portal routes resolve themselves.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Permission } from '../domain/policy.ts';
import { roleCan } from '../domain/policy.ts';
import type { Db } from '../db/client.ts';
import { type StaffUser } from '../staff/users.ts';
import type { Actor } from '../context.ts';
import { AppError } from '../domain/errors.ts';
import { userForSession } from '../staff/sessions.ts';
import { userForApiToken } from '../staff/api-tokens.ts';
import { hashToken } from '../portal/portal-tokens.ts';
import { AuthCache } from '../staff/auth-cache.ts';

export type RoutePermission = Permission | 'public' | 'portal';

declare module 'fastify' {
  interface FastifyContextConfig {
    permission?: RoutePermission;
    /** A creating POST that honours the Idempotency-Key header. */
    idempotent?: boolean;
  }
  interface FastifyRequest {
    user: StaffUser | null;
  }
}

export const SESSION_COOKIE = 'amends_session';

/** Routes served by plugins we do not write ourselves, and the permission they get. */
const PLUGIN_ROUTES: { prefix: string; permission: RoutePermission }[] = [{ prefix: '/api/docs', permission: 'public' }];

export interface RegisteredRoute {
  method: string;
  url: string;
  permission: RoutePermission | undefined;
}

/** Who signed in with the session cookie of a request (for a page, not an API route: no bearer tokens). */
export type SessionUserOf = (req: FastifyRequest) => Promise<StaffUser | null>;

export function registerAuth(app: FastifyInstance, db: Db, routes: RegisteredRoute[], opts: { cacheMs: number } = { cacheMs: 0 }): { sessionUser: SessionUserOf } {
  app.decorateRequest('user', null);
  // Tokens and sessions, remembered for a few seconds (auth-cache.ts, OPERATIONS.md).
  const cache = new AuthCache(opts.cacheMs);
  app.addHook('onRoute', (route) => {
    route.config ??= {};
    const cfg = route.config as { permission?: RoutePermission };
    const plugin = PLUGIN_ROUTES.find((p) => route.url.startsWith(p.prefix));
    if (!cfg.permission && plugin) cfg.permission = plugin.permission;
    for (const method of [route.method].flat()) {
      if (method !== 'HEAD') routes.push({ method, url: route.url, permission: cfg.permission });
    }
  });
  app.addHook('onRequest', async (req) => {
    if (req.is404) return;
    const permission = req.routeOptions.config.permission;
    if (!permission) throw new AppError('FORBIDDEN', 'this route declares no permission, so nobody may use it');
    if (permission === 'public' || permission === 'portal') return;
    const user = await authenticate(db, cache, req);
    if (!user) throw new AppError('UNAUTHENTICATED', 'sign in, or send Authorization: Bearer <token>');
    req.user = user;
    // A scoped token (e.g. a mail server's, channels:ingest) may do only what its scopes name.
    if (!userMay(user, permission)) throw new AppError('FORBIDDEN', `${/^[aeiou]/.test(user.role) ? 'an' : 'a'} ${user.role} may not do this`, { permission });
  });
  return {
    // The same lookup (and cache) as the API's, so a page and the API agree on who is signed in.
    sessionUser: async (req) => {
      const cookie = req.cookies?.[SESSION_COOKIE];
      return cookie ? cache.get(`s:${hashToken(cookie)}`, () => userForSession(db, cookie)) : null;
    },
  };
}

/** Whether this user may use a route that needs `permission` (what the onRequest hook checks). */
export function userMay(user: StaffUser, permission: Permission): boolean {
  return user.scopes ? user.scopes.includes(permission) : roleCan(user.role, permission);
}

async function authenticate(db: Db, cache: AuthCache, req: FastifyRequest): Promise<StaffUser | null> {
  const header = req.headers.authorization;
  if (header) {
    const m = /^Bearer\s+(\S+)$/i.exec(header);
    if (!m) return null;
    const token = m[1]!;
    return cache.get(`t:${hashToken(token)}`, () => userForApiToken(db, token));
  }
  const cookie = req.cookies?.[SESSION_COOKIE];
  return cookie ? cache.get(`s:${hashToken(cookie)}`, () => userForSession(db, cookie)) : null;
}

/** The signed-in staff member as the actor of a use case. */
export function staffActor(req: FastifyRequest): Actor {
  const u = req.user;
  if (!u) throw new AppError('UNAUTHENTICATED', 'sign in first');
  return { type: 'user', id: u.id, role: u.role, name: u.name };
}
