// CSV out of the reports and the queue (P-4.6): quoted properly, spreadsheet formulas
// neutralised (a text cell starting with = + - @ gets a leading apostrophe), and the
// case and compensation exports streamed page by page on an index, never all in memory.
import { sql } from 'drizzle-orm';
import { queryRows, type Queryable } from '../db/client.ts';
import { listCases, type ListCasesInput } from '../cases/list-cases.ts';
import { fromMinor } from '../domain/money.ts';

/** One cell: numbers as they are; text quoted when needed, formula starters neutralised. */
export function csvCell(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  const s = v instanceof Date ? v.toISOString() : typeof v === 'object' ? JSON.stringify(v) : String(v);
  const safe = /^[=+\-@\t\r]/.test(s) ? `'${s}` : s;
  return /[",\n\r]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

/** A header line and rows, CRLF-terminated (RFC 4180). */
export function csvLines(columns: string[], rows: Record<string, unknown>[]): string {
  return [columns.join(','), ...rows.map((r) => columns.map((c) => csvCell(r[c])).join(','))].map((l) => `${l}\r\n`).join('');
}

export const CASE_CSV_COLUMNS = ['number', 'id', 'status', 'priority', 'channel', 'language', 'subject', 'customer_id', 'customer_name', 'owner_id', 'dissatisfaction', 'churn_risk', 'created_at', 'next_due_at'];

/** The queue as CSV with the queue's filters and sort, 1,000 rows per keyset page. */
export async function* exportCases(q: Queryable, input: Omit<ListCasesInput, 'cursor' | 'limit'>, pageSize = 1000): AsyncGenerator<string> {
  yield `${CASE_CSV_COLUMNS.join(',')}\r\n`;
  let cursor: string | undefined;
  for (;;) {
    const page = await listCases(q, { ...input, cursor, limit: pageSize });
    yield csvLines(
      CASE_CSV_COLUMNS,
      page.items.map((c) => ({
        number: c.number, id: c.id, status: c.status, priority: c.priority, channel: c.channel, language: c.language, subject: c.subject,
        customer_id: c.customer.id, customer_name: c.customer.name, owner_id: c.ownerId, dissatisfaction: c.dissatisfaction?.score ?? null,
        churn_risk: c.churnRisk, created_at: c.createdAt, next_due_at: c.nextDueAt,
      })),
    ).replace(/^[^\r]*\r\n/, '');
    if (!page.nextCursor) return;
    cursor = page.nextCursor;
  }
}

export const COMPENSATION_CSV_COLUMNS = ['id', 'case_number', 'case_id', 'customer_id', 'kind', 'status', 'value', 'cost', 'currency', 'description', 'approval_role', 'requested_by', 'decided_by', 'decided_at', 'created_at'];

/** Compensations created in [from, to) (optionally of some statuses) as CSV, keyset-paged by (created_at, id). */
export async function* exportCompensations(q: Queryable, input: { from: Date; to: Date; status?: string[] }, pageSize = 1000): AsyncGenerator<string> {
  yield `${COMPENSATION_CSV_COLUMNS.join(',')}\r\n`;
  let after = { at: new Date(0).toISOString(), id: '00000000-0000-0000-0000-000000000000' };
  const status = input.status?.length ? sql`and m.status = any(${`{${input.status.join(',')}}`}::text[])` : sql``;
  for (;;) {
    const rows = await queryRows<Record<string, unknown> & { id: string; created: string; value_minor: string | number; cost_minor: string | number | null; currency: string }>(
      q,
      sql`select m.id, 'C-' || lpad(c.number::text, 6, '0') as case_number, m.case_id, m.customer_id, m.kind, m.status, m.value_minor, m.cost_minor, m.currency,
                 m.description, m.approval_role, m.requested_by, m.decided_by, to_json(m.decided_at) #>> '{}' as decided_at,
                 to_json(m.created_at) #>> '{}' as created_at, m.created_at::text as created
            from compensations m join cases c on c.id = m.case_id
           where m.created_at >= ${input.from.toISOString()}::timestamptz and m.created_at < ${input.to.toISOString()}::timestamptz ${status}
             and (m.created_at, m.id) > (${after.at}::timestamptz, ${after.id}::uuid)
           order by m.created_at, m.id limit ${pageSize}`,
    );
    if (!rows.length) return;
    yield csvLines(
      COMPENSATION_CSV_COLUMNS,
      rows.map((r) => ({ ...r, value: fromMinor(Number(r.value_minor), r.currency).amount, cost: r.cost_minor === null ? null : fromMinor(Number(r.cost_minor), r.currency).amount })),
    ).replace(/^[^\r]*\r\n/, '');
    const last = rows.at(-1)!;
    after = { at: last.created, id: last.id };
    if (rows.length < pageSize) return;
  }
}
