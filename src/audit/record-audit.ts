// Writes one audit row (issue 14): who did what, from where, with the state before and
// after. Callers pass their transaction, so the row commits or rolls back with the action.
import { auditLog } from '../db/schema.ts';
import type { Queryable } from '../db/client.ts';
import type { Actor } from '../context.ts';
import type { AuditAction } from '../domain/audit-actions.ts';

/** Who acts and from where: built at the edge (the request's address and user agent). */
export interface AuditContext {
  actor: Actor | null;
  ip?: string | null;
  userAgent?: string | null;
}

export interface AuditEntry {
  action: AuditAction;
  targetType?: string | null;
  targetId?: string | null;
  before?: unknown;
  after?: unknown;
}

export { AUDIT_ACTIONS, type AuditAction } from '../domain/audit-actions.ts';

/** Keys whose values never reach the log, at any depth. */
const SECRET_KEY = /password|hash|secret|token|otp|totp|apikey|api_key/i;

/** A copy of `value` without secrets (password, hashes, tokens), safe to keep for years. */
export function withoutSecrets(value: unknown, depth = 0): unknown {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value.toISOString();
  if (depth > 8) return null;
  if (Array.isArray(value)) return value.map((v) => withoutSecrets(v, depth + 1));
  if (typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
      if (SECRET_KEY.test(k)) continue;
      out[k] = withoutSecrets(v, depth + 1);
    }
    return out;
  }
  if (typeof value === 'bigint') return Number(value);
  return value;
}

const clip = (s: string | null | undefined, n: number) => (s ? s.slice(0, n) : null);

/** Appends the row; the caller's transaction decides whether it stays. */
export async function recordAudit(q: Queryable, ctx: AuditContext, entry: AuditEntry): Promise<void> {
  const a = ctx.actor;
  await q.insert(auditLog).values({
    actorType: a?.type ?? 'anonymous',
    actorId: a?.type === 'user' ? a.id : null,
    actorName: a?.type === 'user' || a?.type === 'system' ? a.name : null,
    ip: clip(ctx.ip, 100),
    userAgent: clip(ctx.userAgent, 500),
    action: entry.action,
    targetType: entry.targetType ?? null,
    targetId: entry.targetId ?? null,
    before: entry.before === undefined ? null : withoutSecrets(entry.before),
    after: entry.after === undefined ? null : withoutSecrets(entry.after),
  });
}
