// Customers in as CSV: an import that reports every rejected row by its line
// (bad values, a contact or reference that belongs to someone else).
import { z } from 'zod';
import { readCsv, rejectedRow } from './csv.ts';
import { type Tx } from '../db/client.ts';
import { AppError } from '../domain/errors.ts';
import { createCustomer } from './create-customer.ts';
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
