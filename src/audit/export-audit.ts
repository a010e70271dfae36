// The audit log out as CSV, read in (at, id) pages so a large log never sits in memory.
import { and, desc, sql, type SQL } from 'drizzle-orm';
import { auditLog } from '../db/schema.ts';
import type { Queryable } from '../db/client.ts';
import { csvCell } from '../customers/csv.ts';
import { auditWhere, beforeCursor, encodeCursor, type AuditFilter } from './list-audit.ts';

export const AUDIT_CSV_COLUMNS = ['id', 'at', 'actor_type', 'actor_id', 'actor_name', 'ip', 'user_agent', 'action', 'target_type', 'target_id', 'before', 'after'] as const;

/** Newest first, the same filters as the list; one index range per page. */
export async function* exportAudit(q: Queryable, filter: AuditFilter, pageSize = 1000): AsyncGenerator<string> {
  yield `${AUDIT_CSV_COLUMNS.join(',')}\r\n`;
  let cursor: string | undefined;
  for (;;) {
    const where = [...auditWhere(filter), beforeCursor(cursor)].filter((w): w is SQL => w !== undefined);
    const rows = await q
      .select()
      .from(auditLog)
      .where(where.length ? and(...where) : sql`true`)
      .orderBy(desc(auditLog.at), desc(auditLog.id))
      .limit(pageSize);
    if (!rows.length) return;
    yield rows
      .map((r) =>
        [r.id, r.at.toISOString(), r.actorType, r.actorId, r.actorName, r.ip, r.userAgent, r.action, r.targetType, r.targetId, r.before === null ? null : JSON.stringify(r.before), r.after === null ? null : JSON.stringify(r.after)]
          .map(csvCell)
          .join(','),
      )
      .map((line) => `${line}\r\n`)
      .join('');
    if (rows.length < pageSize) return;
    cursor = encodeCursor(rows.at(-1)!);
  }
}
