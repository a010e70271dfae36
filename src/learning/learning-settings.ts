// Settings of the learning loop and the ledger, kept under one key of the settings table:
// the systemic threshold and effectiveness window (P-4.4) and the bonus per praise and
// penalty per justified complaint (P-4.8), in integer minor units of the business currency.
import { settings } from '../db/schema.ts';
import { eq } from 'drizzle-orm';
import type { Queryable } from '../db/client.ts';
import { DEFAULT_LEARNING, type LearningSettings } from '../domain/root-cause.ts';

export interface PeopleSettings extends LearningSettings {
  /** Minor units paid per personal praise (one firm pays about 500 roubles, P-4.8). */
  praiseBonus: number;
  /** Minor units deducted per justified complaint. */
  complaintPenalty: number;
}

export const DEFAULT_PEOPLE_SETTINGS: PeopleSettings = { ...DEFAULT_LEARNING, praiseBonus: 500, complaintPenalty: 500 };
const KEY = 'learning';

/** The settings as stored, defaults filling what was never set. */
export async function loadPeopleSettings(q: Queryable): Promise<PeopleSettings> {
  const [row] = await q.select({ value: settings.value }).from(settings).where(eq(settings.key, KEY));
  return { ...DEFAULT_PEOPLE_SETTINGS, ...((row?.value as Partial<PeopleSettings> | undefined) ?? {}) };
}

/** Saves a partial change and answers the settings as they now stand. */
export async function savePeopleSettings(q: Queryable, change: Partial<PeopleSettings>): Promise<PeopleSettings> {
  const value = { ...(await loadPeopleSettings(q)), ...change };
  await q.insert(settings).values({ key: KEY, value }).onConflictDoUpdate({ target: settings.key, set: { value, updatedAt: new Date() } });
  return value;
}
