// An admin changes business settings (PUT /api/v1/settings): each part is
// checked (currency, calendars, guarantees) and saved; parts not named keep
// their value, and nested parts (clock policy, keep-in-touch, economics) merge.
import type { Tx } from '../db/client.ts';
import type { AuthorityLimits, Role } from '../domain/authority.ts';
import { parseCalendar } from '../domain/calendar/index.ts';
import type { ClockPolicy } from '../domain/clock-policy.ts';
import type { EconomicsSettings } from '../domain/economics.ts';
import { AppError } from '../domain/errors.ts';
import type { KeepInTouchSettings } from '../domain/keep-in-touch.ts';
import type { RetentionSettings } from '../domain/retention.ts';
import { toMinor, type Money } from '../domain/money.ts';
import type { TriageRule } from '../domain/triage.ts';
import { loadSettings, saveSetting, type BusinessSettings, type ServiceGuarantee } from './business-settings.ts';

type Economics = Omit<EconomicsSettings, 'abuseMaxValue' | 'monthlyAuthorityLimits'>;

/** A partial change of the business settings; amounts as Money in the business currency. */
export interface SettingsChange {
  authorityLimits?: Partial<Record<Role, Money | null>>;
  followUpDays?: number;
  triageRules?: TriageRule[];
  highValueThreshold?: Money;
  highValueTiers?: string[];
  calendar?: unknown;
  unitCalendars?: Record<string, unknown>;
  clockPolicy?: Partial<ClockPolicy>;
  serviceGuarantees?: ServiceGuarantee[];
  keepInTouch?: Partial<KeepInTouchSettings>;
  economics?: Partial<Economics> & { abuseMaxValue?: Money; monthlyAuthorityLimits?: Partial<Record<Role, Money | null>> };
  retention?: Partial<RetentionSettings>;
}

/** Saves every named part of `change` and answers the settings as they now stand. */
export async function updateSettings(tx: Tx, currency: string, change: SettingsChange): Promise<BusinessSettings> {
  const current = await loadSettings(tx);
  const sameCurrency = (m: Money | null | undefined, what: string) => {
    if (m && m.currency !== currency) throw new AppError('CURRENCY_MISMATCH', `${what} in the business currency ${currency}`);
  };
  if (change.authorityLimits) {
    const limits: AuthorityLimits = { ...current.authorityLimits };
    for (const [role, money] of Object.entries(change.authorityLimits) as [keyof AuthorityLimits, Money | null][]) {
      sameCurrency(money, 'limits are');
      limits[role] = money ? toMinor(money) : null;
    }
    await saveSetting(tx, 'authorityLimits', limits);
  }
  if (change.followUpDays) await saveSetting(tx, 'followUpDays', change.followUpDays);
  if (change.triageRules) await saveSetting(tx, 'triageRules', change.triageRules);
  if (change.highValueTiers) await saveSetting(tx, 'highValueTiers', change.highValueTiers);
  if (change.calendar !== undefined) {
    const parsed = parseCalendar(change.calendar);
    if (!parsed.ok) throw new AppError('VALIDATION_FAILED', 'the business calendar is not valid', parsed.errors);
    await saveSetting(tx, 'calendar', parsed.calendar);
  }
  if (change.serviceGuarantees) {
    for (const g of change.serviceGuarantees) {
      sameCurrency(g.value, 'guarantees are');
      if (toMinor(g.value) <= 0) throw new AppError('VALIDATION_FAILED', 'a guarantee must be worth more than zero');
    }
    await saveSetting(tx, 'serviceGuarantees', change.serviceGuarantees);
  }
  if (change.unitCalendars) {
    const units: Record<string, unknown> = {};
    for (const [unit, input] of Object.entries(change.unitCalendars)) {
      const parsed = parseCalendar(input);
      if (!parsed.ok) throw new AppError('VALIDATION_FAILED', `the calendar of ${unit} is not valid`, parsed.errors);
      units[unit] = parsed.calendar;
    }
    await saveSetting(tx, 'unitCalendars', units);
  }
  if (change.keepInTouch) await saveSetting(tx, 'keepInTouch', { ...current.keepInTouch, ...change.keepInTouch });
  if (change.retention) await saveSetting(tx, 'retention', { ...current.retention, ...change.retention });
  if (change.clockPolicy) await saveSetting(tx, 'clockPolicy', { ...current.clockPolicy, ...change.clockPolicy });
  if (change.highValueThreshold) {
    sameCurrency(change.highValueThreshold, 'the threshold is');
    await saveSetting(tx, 'highValueThreshold', toMinor(change.highValueThreshold));
  }
  if (change.economics) {
    const { abuseMaxValue, monthlyAuthorityLimits, ...rest } = change.economics;
    const next = { ...current.economics, ...rest, monthlyAuthorityLimits: { ...current.economics.monthlyAuthorityLimits } };
    for (const m of [abuseMaxValue, ...Object.values(monthlyAuthorityLimits ?? {})]) sameCurrency(m, 'amounts are');
    if (abuseMaxValue) next.abuseMaxValue = toMinor(abuseMaxValue);
    for (const [role, money] of Object.entries(monthlyAuthorityLimits ?? {}) as [keyof AuthorityLimits, Money | null][]) {
      next.monthlyAuthorityLimits[role] = money ? toMinor(money) : null;
    }
    await saveSetting(tx, 'economics', next);
  }
  return loadSettings(tx);
}
