// Customers in and out as CSV: an import that reports every rejected row by
// its line (bad values, a contact or reference that belongs to someone else),
// and an export read in keyset pages so a million customers never sit in memory.
import { sql } from 'drizzle-orm';
import { parse as parseCsv } from 'csv-parse/sync';
import { z } from 'zod';
import { queryRows, type Queryable, type Tx } from '../db/client.ts';
import { AppError } from '../domain/errors.ts';
import { createCustomer } from './customers.ts';
import { fromMinor } from '../domain/money.ts';
import { LANGUAGES } from '../domain/languages.ts';

export const MAX_CUSTOMER_ROWS = 10_000;

const list = z.preprocess((v) => (typeof v === 'string' ? v.split(/[;|]/).map((s) => s.trim()).filter(Boolean) : v), z.array(z.string()));
const CustomerRow = z.object({
  name: z.string().trim().min(1).max(200),
  emails: list.pipe(z.array(z.email().max(320)).max(20)).optional(),
  phones: list.pipe(z.array(z.string().min(3).max(40)).max(20)).optional(),
  externalRef: z.string().trim().min(1).max(200).optional(),
  language: z.enum(LANGUAGES).optional(),
  tier: z.string().trim().min(1).max(40).optional(),
});

/**
 * The rows of a CSV with a header line, each as {column: value}: headers trimmed (and lower-cased when asked)
 * and renamed by `alias`; empty cells are absent values. CSV that cannot be read is a 400 (INVALID_CSV).
 */
export function readCsv(text: string, alias: Record<string, string>, opts: { lowerCaseHeaders?: boolean } = {}): Record<string, string>[] {
  let rows: Record<string, string>[];
  try {
    rows = parseCsv(text, {
      columns: (h: string[]) => h.map((c) => (opts.lowerCaseHeaders ? c.trim().toLowerCase() : c.trim())),
      skip_empty_lines: true,
      trim: true,
      bom: true,
      relax_column_count: true,
      max_record_size: 100_000,
    });
  } catch (err) {
    throw new AppError('INVALID_CSV', `the CSV cannot be read: ${(err as Error).message}`);
  }
  return rows.map((row) => Object.fromEntries(Object.entries(row).filter(([, v]) => v !== '').map(([k, v]) => [alias[k] ?? k, v])));
}

/** An import's report line for a row that failed validation. */
export function rejectedRow(row: number, error: z.ZodError): { row: number; errors: { path: string; message: string }[] } {
  return { row, errors: error.issues.map((e) => ({ path: e.path.join('.'), message: e.message })) };
}

export interface CustomerImportReport {
  received: number;
  imported: number;
  rejected: { row: number; errors: { path: string; message: string }[] }[];
}

/** Imports customers from CSV (header: name,email,phone,external_ref,language,tier; several emails or phones with ";"). */
export async function importCustomers(tx: Tx, currency: string, text: string): Promise<CustomerImportReport> {
  const rows = readCsv(text, { email: 'emails', phone: 'phones', external_ref: 'externalRef', externalref: 'externalRef', ref: 'externalRef' }, { lowerCaseHeaders: true });
  if (rows.length > MAX_CUSTOMER_ROWS) throw new AppError('PAYLOAD_TOO_LARGE', `at most ${MAX_CUSTOMER_ROWS} customers per import`);
  const report: CustomerImportReport = { received: rows.length, imported: 0, rejected: [] };
  for (const [i, raw] of rows.entries()) {
    const line = i + 2; // line 1 is the header
    const parsed = CustomerRow.safeParse(raw);
    if (!parsed.success) {
      report.rejected.push(rejectedRow(line, parsed.error));
      continue;
    }
    try {
      // A savepoint per row: a duplicate rolls back that row alone.
      await tx.transaction((sp) => createCustomer(sp as Tx, currency, parsed.data));
      report.imported++;
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      report.rejected.push({ row: line, errors: [{ path: err.code === 'DUPLICATE' ? 'contacts' : '', message: `${err.code}: ${err.message}` }] });
    }
  }
  return report;
}

const csvCell = (v: unknown) => {
  const s = v === null || v === undefined ? '' : v instanceof Date ? v.toISOString() : String(v);
  // Quote when needed; a leading = @ (or + - before a non-digit) is neutralised so a spreadsheet does not run it as a formula.
  const safe = /^([=@\t\r]|[+-][^\d\s])/.test(s) ? `'${s}` : s;
  return /[",\n\r]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
};

export const CUSTOMER_CSV_COLUMNS = ['id', 'name', 'emails', 'phones', 'external_ref', 'language', 'tier', 'status', 'lifetime_value', 'currency', 'order_count', 'departed_at', 'departure_reason', 'merged_into_id', 'created_at'];

/** The export, page by page over the primary key (one index range scan per 1,000 customers). */
export async function* exportCustomers(q: Queryable, pageSize = 1000): AsyncGenerator<string> {
  yield `${CUSTOMER_CSV_COLUMNS.join(',')}\r\n`;
  let after = '00000000-0000-0000-0000-000000000000';
  for (;;) {
    const rows = await queryRows<Record<string, unknown> & { id: string }>(
      q,
      sql`select c.id, c.name,
          (select string_agg(value, ';' order by created_at) from customer_contacts k where k.customer_id = c.id and k.kind = 'email') as emails,
          (select string_agg(value, ';' order by created_at) from customer_contacts k where k.customer_id = c.id and k.kind = 'phone') as phones,
          c.external_ref, c.language, c.tier, c.status, c.lifetime_value_minor, c.currency, c.order_count,
          to_json(c.departed_at) #>> '{}' as departed_at, c.departure_reason, c.merged_into_id, to_json(c.created_at) #>> '{}' as created_at
        from customers c where c.id > ${after}::uuid order by c.id limit ${pageSize}`,
    );
    if (!rows.length) return;
    yield rows
      .map((r) => ({ ...r, lifetime_value: fromMinor(Number(r.lifetime_value_minor), String(r.currency)).amount }))
      .map((r) => `${CUSTOMER_CSV_COLUMNS.map((c) => csvCell(r[c as keyof typeof r])).join(',')}\r\n`)
      .join('');
    after = rows.at(-1)!.id;
    if (rows.length < pageSize) return;
  }
}
