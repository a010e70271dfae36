// Holidays from iCalendar text (VEVENTs with all-day dates; yearly rules
// expanded) join the business calendar's holidays; a date already there stays.
import type { Tx } from '../db/client.ts';
import { importIcalHolidays } from '../domain/calendar/index.ts';
import { loadSettings, saveSetting } from './business-settings.ts';

/** Imports the holidays of `fromYear`..`toYear` (default: this year and the next two). */
export async function importHolidays(tx: Tx, input: { ics: string; fromYear?: number; toYear?: number }, now = new Date()) {
  const year = now.getUTCFullYear();
  const result = importIcalHolidays(input.ics, { fromYear: input.fromYear ?? year, toYear: input.toYear ?? year + 2 });
  const current = await loadSettings(tx);
  const byDate = new Map(current.calendar.holidays.map((h) => [h.date, h]));
  for (const h of result.holidays) if (!byDate.has(h.date)) byDate.set(h.date, h);
  const holidays = [...byDate.values()].sort((a, b) => a.date.localeCompare(b.date));
  await saveSetting(tx, 'calendar', { ...current.calendar, holidays });
  return { imported: result.holidays.length, skipped: result.skipped, holidays: holidays.length };
}
