// The ledger for payroll as CSV (P-4.8): one line per person for the period, streamed.
import type { Queryable } from '../db/client.ts';
import { fromMinor } from '../domain/money.ts';
import { csvCell } from '../customers/csv.ts';
import { loadPeopleSettings } from '../learning/learning-settings.ts';
import { ledgerTotals, type Period } from './get-ledger.ts';

export const LEDGER_CSV_COLUMNS = ['user_id', 'name', 'role', 'from', 'to', 'praise', 'justified_complaints', 'bonus', 'penalty', 'net', 'currency', 'commitments_kept', 'commitments_broken', 'clocks_met', 'clocks_breached'];

/** Header, then one line per staff person (the staff list is small: one query, yielded line by line). */
export async function* exportLedger(q: Queryable, p: Period, currency: string): AsyncGenerator<string> {
  yield `${LEDGER_CSV_COLUMNS.join(',')}\r\n`;
  const rates = await loadPeopleSettings(q);
  for (const r of await ledgerTotals(q, p)) {
    const bonus = r.praise * rates.praiseBonus;
    const penalty = r.complaints * rates.complaintPenalty;
    const line = [r.user_id, r.name, r.role, p.from.toISOString(), p.to.toISOString(), r.praise, r.complaints, fromMinor(bonus, currency).amount, fromMinor(penalty, currency).amount, fromMinor(bonus - penalty, currency).amount, currency, r.kept, r.broken, r.met, r.breached];
    yield `${line.map(csvCell).join(',')}\r\n`;
  }
}
