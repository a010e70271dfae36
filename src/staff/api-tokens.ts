// API tokens for integrations (a CRM, a mail server's pipe, the phone system): a role
// or narrow scopes, stored hashed, shown once.
import { randomBytes } from 'node:crypto';
import { and, eq, isNull, sql } from 'drizzle-orm';
import { apiTokens, users } from '../db/schema.ts';
import { queryText, type Queryable } from '../db/client.ts';
import { newId } from '../db/ids.ts';
import type { Role } from '../domain/authority.ts';
import { hashToken } from '../portal/portal-tokens.ts';
import { type StaffUser, publicCols, addUser } from './users.ts';
import { recordAudit, type AuditContext } from '../audit/record-audit.ts';
import { AppError } from '../domain/errors.ts';
import { isUuid } from '../cases/case-store.ts';
import { forgetSignIns } from './auth-cache.ts';

/** Tokens are issued from the command line unless a caller says who issues them. */
const CLI: AuditContext = { actor: { type: 'system', name: 'amends cli' } };

/** The user behind a bearer token, if it is live. */
export async function userForApiToken(q: Queryable, token: string): Promise<StaffUser | null> {
  // Every staff request asks this: plain SQL text, planned once per connection (queryText).
  const [row] = await queryText<StaffUser>(
    q,
    `select u.id, u.email, u.name, u.role, u.kind, u.languages, u.locale, u.active, t.scopes
       from api_tokens t join users u on u.id = t.user_id
      where t.token_hash = $1 and t.revoked_at is null and (t.expires_at is null or t.expires_at > now()) and u.active`,
    [hashToken(token)],
  );
  return row ?? null;
}

/**
 * An API token for an integration: it acts as a service user named after it,
 * with the role given (the timeline shows which integration did what).
 */
export async function createApiToken(
  q: Queryable,
  input: { name: string; role: Role; userId?: string; scopes?: string[] },
  opts: { audit?: AuditContext } = {},
): Promise<{ token: string; userId: string; id: string }> {
  let userId = input.userId;
  if (!userId) {
    const slug = input.name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'token';
    const user = await addUser(q, { email: `${slug}-${randomBytes(3).toString('hex')}@tokens.amends.local`, name: input.name, role: input.role, kind: 'service' });
    userId = user.id;
  }
  const token = `amd_${randomBytes(32).toString('base64url')}`;
  const id = newId();
  const scopes = input.scopes?.length ? input.scopes : null;
  await q.insert(apiTokens).values({ id, userId, name: input.name, tokenHash: hashToken(token), scopes });
  await recordAudit(q, opts.audit ?? CLI, { action: 'api_token.issue', targetType: 'api_token', targetId: id, after: { name: input.name, role: input.role, userId, scopes } });
  return { token, userId, id };
}

/** Revokes a token at once (its next request is refused); revoking twice changes nothing. */
export async function revokeApiToken(q: Queryable, id: string, opts: { audit?: AuditContext } = {}): Promise<{ id: string; name: string; revokedAt: Date }> {
  if (!isUuid(id)) throw new AppError('NOT_FOUND', 'no such token');
  const [row] = await q.select({ id: apiTokens.id, name: apiTokens.name, revokedAt: apiTokens.revokedAt }).from(apiTokens).where(eq(apiTokens.id, id));
  if (!row) throw new AppError('NOT_FOUND', 'no such token');
  if (row.revokedAt) return { ...row, revokedAt: row.revokedAt };
  const [done] = await q.update(apiTokens).set({ revokedAt: sql`now()` }).where(eq(apiTokens.id, id)).returning({ revokedAt: apiTokens.revokedAt });
  forgetSignIns();
  await recordAudit(q, opts.audit ?? CLI, { action: 'api_token.revoke', targetType: 'api_token', targetId: id, before: { name: row.name } });
  return { id, name: row.name, revokedAt: done!.revokedAt! };
}
