// Portal links (API.md): 256 random bits, only a SHA-256 of the token is
// stored, and every link expires. The token is the last path segment.
import { hash } from 'node:crypto';
import { withRandomBytes } from '../db/ids.ts';
import { portalTokens } from '../db/schema.ts';
import { queryText, type Queryable, type Tx } from '../db/client.ts';
import { lockCaseBy } from '../cases/case-store.ts';
import { AppError } from '../domain/errors.ts';

export function hashToken(token: string): string {
  // One-shot (no Hash object): every staff request and every portal request hashes a token.
  return hash('sha256', token, 'hex');
}

/** 256 random bits, URL-safe. */
export function newPortalToken(): string {
  // From the id pool (db/ids.ts): intake makes two tokens per complaint, and one OS call each was measurable.
  return withRandomBytes(32, (b, at) => b.toString('base64url', at, at + 32));
}

/** The INSERT that stores a token's hash (to run alone or together with others). */
export function portalTokenInsert(q: Queryable, caseId: string, token: string, days: number) {
  return q.insert(portalTokens).values({ tokenHash: hashToken(token), caseId, expiresAt: new Date(Date.now() + days * 86_400_000) });
}

/** Creates a new link for the case and returns the raw token (shown once, never stored). */
export async function issuePortalToken(q: Queryable, caseId: string, days: number): Promise<string> {
  const token = newPortalToken();
  await portalTokenInsert(q, caseId, token, days);
  return token;
}

/** SQL answering the case a live token opens: $1 the token's hash (tokenHash), $2 the time now. */
export const CASE_OF_TOKEN = 'select case_id from portal_tokens where token_hash = $1 and revoked_at is null and expires_at > $2';

/** The hash a token is stored under; a token that cannot be one is the same 404 as an unknown one. */
export function tokenHash(token: string): string {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) throw new AppError('PORTAL_LINK_INVALID', 'this link is not valid or has expired');
  return hashToken(token);
}

/** The case a live token opens; an unknown, revoked or expired token is one and the same 404. */
export async function caseIdForPortalToken(q: Queryable, token: string): Promise<string> {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) throw new AppError('PORTAL_LINK_INVALID', 'this link is not valid or has expired');
  // Every portal request asks this: plain SQL text, planned once per connection (queryText).
  const [row] = await queryText<{ case_id: string }>(
    q,
    'select case_id from portal_tokens where token_hash = $1 and revoked_at is null and expires_at > $2',
    [hashToken(token), new Date().toISOString()],
  );
  if (!row) throw new AppError('PORTAL_LINK_INVALID', 'this link is not valid or has expired');
  return row.case_id;
}

/**
 * caseIdForPortalToken for a customer's action: the case is locked in the same
 * statement (lockCaseBy), so the action's own lockCase costs no second round trip.
 */
export async function lockCaseForPortalToken(tx: Tx, token: string): Promise<string> {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) throw new AppError('PORTAL_LINK_INVALID', 'this link is not valid or has expired');
  const row = await lockCaseBy(tx, 'select case_id from portal_tokens where token_hash = $1 and revoked_at is null and expires_at > $2', [hashToken(token), new Date().toISOString()]);
  if (!row) throw new AppError('PORTAL_LINK_INVALID', 'this link is not valid or has expired');
  return row.id;
}

export function portalUrlFor(base: string, token: string): string {
  return `${base}/portal/${token}`;
}

/** The case's secret in reply+<token>@… addresses: 26 lowercase base32 characters (130 bits), safe in any mail system. */
export function newReplyToken(): string {
  return withRandomBytes(26, (b, at) => {
    let s = '';
    for (let i = at; i < at + 26; i++) s += BASE32[b[i]! & 31];
    return s;
  });
}
const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567';
