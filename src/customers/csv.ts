// CSV reading shared by the imports (customers, orders, reviews): headers matched
// through aliases, and a rejected row described by its line and fields.
import { parse as parseCsv } from 'csv-parse/sync';
import { z } from 'zod';
import { AppError } from '../domain/errors.ts';

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

/** One CSV cell, quoted when needed and safe to open in a spreadsheet. */
export const csvCell = (v: unknown) => {
  const s = v === null || v === undefined ? '' : v instanceof Date ? v.toISOString() : String(v);
  // Quote when needed; a leading = @ (or + - before a non-digit) is neutralised so a spreadsheet does not run it as a formula.
  const safe = /^([=@\t\r]|[+-][^\d\s])/.test(s) ? `'${s}` : s;
  return /[",\n\r]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
};
