// Business settings: their types, defaults, loading (with a short per-process cache
// for the hot path) and saving. Every business rule that staff may tune lives here.
import { sql } from 'drizzle-orm';
import { settings } from '../db/schema.ts';
import type { Queryable } from '../db/client.ts';
import { DEFAULT_AUTHORITY_LIMITS, type AuthorityLimits } from '../domain/authority.ts';
import { DEFAULT_TRIAGE_RULES, type TriageRule } from '../domain/triage.ts';
import { DEFAULT_CALENDAR, DEFAULT_CLOCK_POLICY, type ClockPolicy } from '../domain/clock-policy.ts';
import type { BusinessCalendar } from '../domain/calendar/index.ts';
import { DEFAULT_ECONOMICS, type EconomicsSettings } from '../domain/economics.ts';
import { DEFAULT_KEEP_IN_TOUCH, type KeepInTouchSettings } from '../domain/keep-in-touch.ts';
import { DEFAULT_RETENTION, type RetentionSettings } from '../domain/retention.ts';

/** Business settings with their defaults (P-3.3 limits, P-4.1 follow-up days). */
export interface BusinessSettings {
  authorityLimits: AuthorityLimits;
  followUpDays: number;
  /** Triage rules (P-2.7), editable by an admin. */
  triageRules: TriageRule[];
  /** Lifetime value (minor units) from which a customer counts as valuable (P-2.7, P-3.7). */
  highValueThreshold: number;
  highValueTiers: string[];
  /** Opening hours, time zone and holidays the clocks count in. */
  calendar: BusinessCalendar;
  /** Business units with opening hours of their own (a branch, a restaurant); others use `calendar`. */
  unitCalendars: Record<string, BusinessCalendar>;
  clockPolicy: ClockPolicy;
  /** P-4.9: compensations granted automatically when a standard is missed. */
  serviceGuarantees: ServiceGuarantee[];
  /** P-4.5: greetings and check-ins for departed customers. */
  keepInTouch: KeepInTouchSettings;
  /** PLAYBOOK §3: bonus share and validity, margin, tax, recovery window, repeat-claimant thresholds, monthly limits. */
  economics: EconomicsSettings;
  /** How long each class of personal data is kept (issue 14); the worker's retention sweep enforces it. */
  retention: RetentionSettings;
}

export interface ServiceGuarantee {
  id: string;
  enabled: boolean;
  /** The clock whose breach triggers it, e.g. "first_response" or "missed-call-callback". */
  clockKind: string;
  /** The standard as the customer was promised it ("we answer within two hours"). */
  standard: string;
  kind: 'gift' | 'bonus' | 'refund' | 'replacement' | 'discount' | 'voucher';
  value: { amount: string; currency: string };
  description: string;
}

export const DEFAULT_SETTINGS: BusinessSettings = {
  authorityLimits: DEFAULT_AUTHORITY_LIMITS,
  followUpDays: 30,
  triageRules: DEFAULT_TRIAGE_RULES,
  highValueThreshold: 10_000_00,
  highValueTiers: ['key', 'vip'],
  calendar: DEFAULT_CALENDAR,
  unitCalendars: {},
  clockPolicy: DEFAULT_CLOCK_POLICY,
  serviceGuarantees: [],
  keepInTouch: DEFAULT_KEEP_IN_TOUCH,
  economics: DEFAULT_ECONOMICS,
  retention: DEFAULT_RETENTION,
};

export async function loadSettings(q: Queryable): Promise<BusinessSettings> {
  const rows = await q.select().from(settings);
  const byKey = Object.fromEntries(rows.map((r) => [r.key, r.value]));
  return {
    authorityLimits: { ...DEFAULT_SETTINGS.authorityLimits, ...((byKey.authorityLimits as Partial<AuthorityLimits>) ?? {}) },
    followUpDays: (byKey.followUpDays as number | undefined) ?? DEFAULT_SETTINGS.followUpDays,
    triageRules: (byKey.triageRules as TriageRule[] | undefined) ?? DEFAULT_SETTINGS.triageRules,
    highValueThreshold: (byKey.highValueThreshold as number | undefined) ?? DEFAULT_SETTINGS.highValueThreshold,
    highValueTiers: (byKey.highValueTiers as string[] | undefined) ?? DEFAULT_SETTINGS.highValueTiers,
    calendar: (byKey.calendar as BusinessCalendar | undefined) ?? DEFAULT_SETTINGS.calendar,
    unitCalendars: (byKey.unitCalendars as Record<string, BusinessCalendar> | undefined) ?? {},
    clockPolicy: { ...DEFAULT_SETTINGS.clockPolicy, ...((byKey.clockPolicy as Partial<ClockPolicy> | undefined) ?? {}) },
    serviceGuarantees: (byKey.serviceGuarantees as ServiceGuarantee[] | undefined) ?? [],
    keepInTouch: { ...DEFAULT_KEEP_IN_TOUCH, ...((byKey.keepInTouch as Partial<KeepInTouchSettings> | undefined) ?? {}) },
    economics: mergeEconomics(byKey.economics as Partial<EconomicsSettings> | undefined),
    retention: { ...DEFAULT_RETENTION, ...((byKey.retention as Partial<RetentionSettings> | undefined) ?? {}) },
  };
}

/** The calendar a case's clocks count in: its business unit's own, else the business's. */
export function calendarFor(s: BusinessSettings, unit: string | null | undefined): BusinessCalendar {
  return (unit ? s.unitCalendars[unit] : undefined) ?? s.calendar;
}

const settingsCache = new WeakMap<object, { at: number; generation: number; value: BusinessSettings }>();

let settingsGeneration = 0;

/** Settings for the hot path (intake): cached per process for two seconds. */
export async function cachedSettings(q: Queryable, key: object): Promise<BusinessSettings> {
  const hit = settingsCache.get(key);
  if (hit && hit.generation === settingsGeneration && Date.now() - hit.at < 2000) return hit.value;
  const value = await loadSettings(q);
  settingsCache.set(key, { at: Date.now(), generation: settingsGeneration, value });
  return value;
}

export async function saveSetting(tx: Queryable, key: keyof BusinessSettings, value: unknown): Promise<void> {
  settingsGeneration++;
  await tx
    .insert(settings)
    .values({ key, value })
    .onConflictDoUpdate({ target: settings.key, set: { value, updatedAt: sql`now()` } });
}

function mergeEconomics(stored: Partial<EconomicsSettings> | undefined): EconomicsSettings {
  return {
    ...DEFAULT_ECONOMICS,
    ...(stored ?? {}),
    monthlyAuthorityLimits: { ...DEFAULT_ECONOMICS.monthlyAuthorityLimits, ...(stored?.monthlyAuthorityLimits ?? {}) },
  };
}
