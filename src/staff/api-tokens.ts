// API tokens for integrations (a CRM, a mail server's pipe, the phone system): a role
// or narrow scopes, stored hashed, shown once.
import { randomBytes } from 'node:crypto';
import { and, eq, isNull, sql } from 'drizzle-orm';
import { apiTokens, users } from '../db/schema.ts';
import { type Queryable } from '../db/client.ts';
import { newId } from '../db/ids.ts';
import type { Role } from '../domain/authority.ts';
import { hashToken } from '../portal/portal-tokens.ts';
import { type StaffUser, publicCols, addUser } from './users.ts';

/** The user behind a bearer token, if it is live. */
export async function userForApiToken(q: Queryable, token: string): Promise<StaffUser | null> {
  const [row] = await q
    .select({ ...publicCols, scopes: apiTokens.scopes })
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.userId))
    .where(
      and(
        eq(apiTokens.tokenHash, hashToken(token)),
        isNull(apiTokens.revokedAt),
        sql`(${apiTokens.expiresAt} is null or ${apiTokens.expiresAt} > now())`,
        eq(users.active, true),
      ),
    );
  return (row as StaffUser | undefined) ?? null;
}

/**
 * An API token for an integration: it acts as a service user named after it,
 * with the role given (the timeline shows which integration did what).
 */
export async function createApiToken(q: Queryable, input: { name: string; role: Role; userId?: string; scopes?: string[] }): Promise<{ token: string; userId: string }> {
  let userId = input.userId;
  if (!userId) {
    const slug = input.name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'token';
    const user = await addUser(q, { email: `${slug}-${randomBytes(3).toString('hex')}@tokens.amends.local`, name: input.name, role: input.role, kind: 'service' });
    userId = user.id;
  }
  const token = `amd_${randomBytes(32).toString('base64url')}`;
  await q.insert(apiTokens).values({ id: newId(), userId, name: input.name, tokenHash: hashToken(token), scopes: input.scopes?.length ? input.scopes : null });
  return { token, userId };
}
