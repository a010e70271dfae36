// Staff sign-in (/api/v1/session): a secure, HTTP-only session cookie; rate
// limited per address, and throttled per account and address in the database
// against password guessing (src/staff/sign-in-throttle.ts).
import { z } from 'zod';
import type { RouteDeps, TypedApp } from '../../app.ts';
import { SESSION_COOKIE } from '../../auth.ts';
import { errorResponses, OkSchema } from '../../schemas.ts';
import { type StaffUser } from '../../../staff/users.ts';
import { signIn, signOut } from '../../../staff/sessions.ts';
import { secondFactorRoutes } from './second-factor.ts';
import { recordAudit } from '../../../audit/record-audit.ts';
import { AppError } from '../../../domain/errors.ts';
import { auditFrom } from '../../audit-context.ts';

/** The signed-in person as the web app knows them (no token scopes, no account kind). */
export const SessionUserSchema = z
  .object({ id: z.string(), email: z.string(), name: z.string(), role: z.enum(['agent', 'supervisor', 'head', 'admin']), locale: z.string(), languages: z.array(z.string()) })
  .meta({ id: 'SessionUser' });

/** The person without what the web app has no use for (account kind, token scopes, active flag). */
export const sessionUser = (u: StaffUser): z.input<typeof SessionUserSchema> => ({ id: u.id, email: u.email, name: u.name, role: u.role, locale: u.locale, languages: u.languages });

/** POST, GET and DELETE /session. */
export async function sessionRoutes(app: TypedApp, deps: RouteDeps) {
  const { database, services } = deps;
  await secondFactorRoutes(app, deps);
  const secure = (services.config.PUBLIC_URL ?? '').startsWith('https://');
  app.post(
    '/api/v1/session',
    {
      config: { permission: 'public', rateLimit: { max: services.config.SIGN_IN_RATE_LIMIT, timeWindow: '1 minute' } },
      schema: {
        description: 'Sign in. With two-step sign-in on, a right password without `code` answers 401 TOTP_REQUIRED; send the authenticator code (or a recovery code) as `code`.',
        tags: ['session'],
        body: z.object({ email: z.string().min(1).max(320), password: z.string().min(1).max(1000), code: z.string().trim().min(1).max(40).optional() }),
        response: { 200: z.object({ user: SessionUserSchema, expiresAt: z.string() }), ...errorResponses },
      },
    },
    async (req, reply) => {
      // Audited either way (issue 14): the email tried, never the password.
      const email = req.body.email.trim().slice(0, 320);
      const { token, user, expiresAt } = await signIn(database.db, req.body.email, req.body.password, services.config.SESSION_DAYS, { source: req.ip, code: req.body.code }).catch(async (err: unknown) => {
        if (err instanceof AppError) {
          await recordAudit(database.db, auditFrom(req), { action: 'session.sign_in_failed', targetType: 'user', after: { email, reason: err.code } });
        }
        throw err;
      });
      const actor = { type: 'user' as const, id: user.id, role: user.role, name: user.name };
      await recordAudit(database.db, { ...auditFrom(req), actor }, { action: 'session.sign_in', targetType: 'user', targetId: user.id, after: { email } });
      reply.setCookie(SESSION_COOKIE, token, { httpOnly: true, sameSite: 'lax', secure, path: '/', expires: expiresAt });
      return { user: sessionUser(user), expiresAt: expiresAt.toISOString() };
    },
  );
  app.delete('/api/v1/session', { config: { permission: 'public' }, schema: { tags: ['session'], response: { 200: OkSchema } } }, async (req, reply) => {
    const token = req.cookies[SESSION_COOKIE];
    if (token) await signOut(database.db, token);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return { ok: true as const };
  });
  app.get(
    '/api/v1/session',
    { config: { permission: 'cases:read' }, schema: { tags: ['session'], response: { 200: z.object({ user: SessionUserSchema }), ...errorResponses } } },
    async (req) => ({ user: sessionUser(req.user!) }),
  );
}
