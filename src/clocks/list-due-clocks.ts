// The SLA view: every running clock that breaches within the next N hours (and
// any already past due that the sweep has not yet marked), nearest first, read
// from the clocks table on its partial index of running clocks by due time.
import { sql, type SQL } from 'drizzle-orm';
import { queryRows, type Queryable } from '../db/client.ts';
import { AppError } from '../domain/errors.ts';
import { formatCaseNumber, priorityName, type CaseStatus } from '../domain/case-lifecycle.ts';
import { isUuid } from '../cases/case-store.ts';

/** The windows the desk offers (hours ahead). */
export const SLA_WINDOWS = [1, 4, 8, 24] as const;

export interface ListDueClocksInput {
  hours: number;
  /** A user id, or 'none' for cases nobody owns; absent for the whole desk. */
  ownerId?: string;
  /** Where the previous page ended (opaque). */
  cursor?: string;
  limit: number;
}

interface Row {
  clock_id: string;
  kind: string;
  label: string | null;
  due_at: Date | string;
  /** due_at as PostgreSQL prints it (microseconds kept), for an exact cursor. */
  due_key: string;
  case_id: string;
  number: string | number;
  subject: string | null;
  status: CaseStatus;
  priority: number;
  owner_id: string | null;
  owner_name: string | null;
  customer_name: string | null;
}

/** A timestamp as PostgreSQL prints it (timestamptz::text). */
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(\.\d{1,6})?([+-]\d{2}(:\d{2})?|Z)$/;

function decode(cursor: string): { due: string; id: string } {
  try {
    const k = JSON.parse(Buffer.from(cursor, 'base64url').toString()) as { due?: unknown; id?: unknown };
    if (typeof k.due === 'string' && TIMESTAMP.test(k.due) && typeof k.id === 'string' && isUuid(k.id)) return { due: k.due, id: k.id };
  } catch {
    // fall through
  }
  throw new AppError('INVALID_CURSOR', 'the cursor is not one this API gave out');
}

/**
 * Running clocks with due_at <= now + hours, by due time (then id). The scan walks
 * clocks_running_due_idx in order and stops after a page; the owner filter is applied
 * to the joined case, so its cost is bounded by the clocks inside the window.
 */
export async function listDueClocks(q: Queryable, input: ListDueClocksInput) {
  const where: SQL[] = [sql`c.status = 'running'`, sql`c.due_at <= now() + make_interval(hours => ${input.hours})`];
  if (input.ownerId === 'none') where.push(sql`k.owner_id is null`);
  else if (input.ownerId) {
    if (!isUuid(input.ownerId)) throw new AppError('VALIDATION_FAILED', 'ownerId takes a user id, "me" or "none"');
    where.push(sql`k.owner_id = ${input.ownerId}`);
  }
  if (input.cursor) {
    const k = decode(input.cursor);
    where.push(sql`(c.due_at, c.id) > (${k.due}::timestamptz, ${k.id}::uuid)`);
  }
  const rows = await queryRows<Row>(
    q,
    sql`select c.id as clock_id, c.kind, c.label, c.due_at, c.due_at::text as due_key, k.id as case_id, k.number, k.subject, k.status, k.priority,
          k.owner_id, u.name as owner_name, cu.name as customer_name
        from clocks c
        join cases k on k.id = c.case_id
        join customers cu on cu.id = k.customer_id
        left join users u on u.id = k.owner_id
        where ${sql.join(where, sql` and `)}
        order by c.due_at, c.id
        limit ${input.limit + 1}`,
  );
  const page = rows.slice(0, input.limit);
  const last = page.at(-1);
  const iso = (d: Date | string) => new Date(d).toISOString();
  return {
    items: page.map((r) => ({
      clockId: r.clock_id,
      kind: r.kind,
      label: r.label,
      dueAt: iso(r.due_at),
      case: {
        id: r.case_id,
        number: formatCaseNumber(Number(r.number)),
        subject: r.subject,
        status: r.status,
        priority: priorityName(r.priority),
        owner: r.owner_id ? { id: r.owner_id, name: r.owner_name ?? '' } : null,
        customerName: r.customer_name,
      },
    })),
    nextCursor: rows.length > input.limit && last ? Buffer.from(JSON.stringify({ due: last.due_key, id: last.clock_id })).toString('base64url') : null,
  };
}
