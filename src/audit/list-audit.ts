// The audit log for an admin: newest first, narrowed by actor, action and time, paged by
// (at, id) on an index so the millionth page costs what the first does.
import { and, desc, eq, gte, lt, or, sql, type SQL } from 'drizzle-orm';
import { auditLog } from '../db/schema.ts';
import type { Queryable } from '../db/client.ts';
import { AppError } from '../domain/errors.ts';

export interface AuditFilter {
  actorId?: string;
  action?: string;
  from?: Date;
  to?: Date;
}

export type AuditRow = typeof auditLog.$inferSelect;

/** The filters as SQL conditions (shared with the CSV export). */
export function auditWhere(f: AuditFilter): SQL[] {
  const where: SQL[] = [];
  if (f.actorId) where.push(eq(auditLog.actorId, f.actorId));
  if (f.action) where.push(eq(auditLog.action, f.action));
  if (f.from) where.push(gte(auditLog.at, f.from));
  if (f.to) where.push(lt(auditLog.at, f.to));
  return where;
}

/** The cursor is the last row's (at, id), opaque to clients. */
export const encodeCursor = (r: Pick<AuditRow, 'at' | 'id'>) => Buffer.from(`${r.at.toISOString()}|${r.id}`).toString('base64url');

function decodeCursor(cursor: string): { at: Date; id: number } {
  const [at, id] = Buffer.from(cursor, 'base64url').toString().split('|');
  const when = new Date(at ?? '');
  if (!id || !/^\d{1,18}$/.test(id) || Number.isNaN(when.getTime())) throw new AppError('INVALID_CURSOR', 'the cursor is not one this API gave out');
  return { at: when, id: Number(id) };
}

/** Rows older than the cursor, in (at, id) descending order. */
export function beforeCursor(cursor: string | undefined): SQL | undefined {
  if (!cursor) return undefined;
  const c = decodeCursor(cursor);
  return or(lt(auditLog.at, c.at), and(eq(auditLog.at, c.at), lt(auditLog.id, c.id)));
}

/** One page of the log. */
export async function listAudit(q: Queryable, input: AuditFilter & { cursor?: string; limit: number }) {
  const where = [...auditWhere(input), beforeCursor(input.cursor)].filter((w): w is SQL => w !== undefined);
  const rows = await q
    .select()
    .from(auditLog)
    .where(where.length ? and(...where) : sql`true`)
    .orderBy(desc(auditLog.at), desc(auditLog.id))
    .limit(input.limit + 1);
  const page = rows.slice(0, input.limit);
  return { items: page, nextCursor: rows.length > input.limit ? encodeCursor(page.at(-1)!) : null };
}
