// Business settings' contract: what an admin reads and writes (authority
// limits, triage rules, calendars, clock policy, guarantees, keep-in-touch,
// economics), and the presenter from stored minor units to Money.
import { z } from 'zod';
import { LanguageSchema, MoneySchema, PercentSchema } from '../../schemas.ts';
import { ROLES } from '../../../domain/authority.ts';
import { fromMinor } from '../../../domain/money.ts';
import { type BusinessSettings } from '../../../settings/business-settings.ts';

const SIGNALS = ['manager_request', 'credibility', 'profanity', 'threat', 'legal', 'churn', 'public', 'repeat_contact', 'waiting', 'safety'] as const;
const TriageRuleSchema = z.object({
  id: z.string().min(1).max(60),
  description: z.string().max(500),
  enabled: z.boolean(),
  when: z.object({ anySignal: z.array(z.enum(SIGNALS)).optional(), minIntensity: z.number().int().min(0).max(3).optional(), highValueCustomer: z.boolean().optional() }),
  then: z.object({
    priority: z.enum(['low', 'normal', 'high', 'urgent']).optional(),
    bring: z.enum(['supervisor', 'head']).optional(),
    lead: z.literal('head').optional(),
    safetyNote: z.boolean().optional(),
  }),
});
const Span = z.object({ start: z.string(), end: z.string() });
const CalendarOut = z
  .object({
    timeZone: z.string(),
    week: z.record(z.string(), z.array(Span)).describe('ISO weekday 1 (Monday) … 7 → opening spans'),
    holidays: z.array(z.object({ date: z.string(), name: z.string().optional(), closed: z.array(Span).optional() })),
  })
  .meta({ id: 'BusinessCalendar' });
const ByPriority = z.object({ urgent: z.number(), high: z.number(), normal: z.number(), low: z.number() });
const GuaranteeOut = z.object({
  id: z.string(),
  enabled: z.boolean(),
  clockKind: z.string(),
  standard: z.string(),
  kind: z.enum(['gift', 'bonus', 'refund', 'replacement', 'discount', 'voucher']),
  value: MoneySchema,
  description: z.string(),
});
const Words = z.object({ subject: z.string().trim().min(1).max(300), body: z.string().trim().min(1).max(20_000) });

const Days = z.number().int().min(1).max(36_500).nullable();
const RetentionFields = {
  rawMailDays: Days.describe('raw mail (MIME) kept this many days'),
  attachmentDays: Days.describe('attachment bytes kept this many days'),
  formMetadataDays: Days.describe('what forms and feeds sent (IP address, user agent) kept this many days'),
  finishedJobDays: Days.describe('finished jobs kept this many days'),
  closedCaseYears: z.number().int().min(1).max(100).nullable().describe('closed cases scrubbed of personal content after this many years'),
};
/** The business settings as the API shows them (amounts as Money). */
export const SettingsSchema = z
  .object({
    currency: z.string(),
    authorityLimits: z.record(z.enum(ROLES), MoneySchema.nullable()),
    followUpDays: z.number().int(),
    triageRules: z.array(TriageRuleSchema),
    highValueThreshold: MoneySchema,
    highValueTiers: z.array(z.string()),
    calendar: CalendarOut,
    unitCalendars: z.record(z.string(), CalendarOut),
    clockPolicy: z.object({
      firstResponseHours: ByPriority,
      resolutionDays: ByPriority,
      firstResponseHoursByTier: z.record(z.string(), z.number()),
      warnBeforeMinutes: z.number(),
      regulatoryPacks: z.array(z.string()),
    }),
    serviceGuarantees: z.array(GuaranteeOut),
    keepInTouch: z.object({
      enabled: z.boolean(),
      greeting: z.object({ month: z.number(), day: z.number() }).nullable(),
      checkInMonths: z.number().nullable(),
      greetingText: z.record(z.string(), z.object({ subject: z.string(), body: z.string() })),
    }),
    economics: z.object({
      bonusPercent: z.number(),
      bonusValidMonths: z.number(),
      bonusReminderDays: z.number(),
      marginPercent: z.number(),
      taxPercent: z.number().nullable(),
      recoveryWindowMonths: z.number(),
      abusePeriodDays: z.number(),
      abuseMaxCount: z.number(),
      abuseMaxValue: MoneySchema,
      monthlyAuthorityLimits: z.record(z.string(), MoneySchema.nullable()),
      tierAuthorityFactors: z.record(z.string(), z.number()),
    }),
    retention: z.object(RetentionFields),
  })
  .meta({ id: 'Settings' });

const KeepInTouchSchema = z.strictObject({
  enabled: z.boolean().optional(),
  greeting: z.object({ month: z.number().int().min(1).max(12), day: z.number().int().min(1).max(31) }).nullable().optional(),
  checkInMonths: z.number().int().min(1).max(60).nullable().optional(),
  greetingText: z.partialRecord(LanguageSchema, Words).optional(),
});
const EconomicsBody = z.strictObject({
  bonusPercent: PercentSchema.refine((x) => x > 0, 'more than zero').optional(),
  bonusValidMonths: z.number().int().min(1).max(6).optional(),
  bonusReminderDays: z.number().int().min(0).max(90).optional(),
  marginPercent: PercentSchema.optional(),
  taxPercent: PercentSchema.nullable().optional(),
  recoveryWindowMonths: z.number().int().min(1).max(60).optional(),
  abusePeriodDays: z.number().int().min(1).max(3650).optional(),
  abuseMaxCount: z.number().int().min(1).max(1000).optional(),
  abuseMaxValue: MoneySchema.optional(),
  monthlyAuthorityLimits: z.partialRecord(z.enum(ROLES), MoneySchema.nullable()).optional(),
  tierAuthorityFactors: z.record(z.string().min(1).max(40), z.number().min(1).max(10)).optional().describe('P-3.3 by customer: limits × factor for this tier'),
});
const GuaranteeSchema = z.object({
  id: z.string().min(1).max(60),
  enabled: z.boolean(),
  clockKind: z.string().min(1).max(100),
  standard: z.string().min(1).max(500),
  kind: z.enum(['gift', 'bonus', 'refund', 'replacement', 'discount', 'voucher']),
  value: MoneySchema,
  description: z.string().min(1).max(500),
});
const PRIO = z.object({ urgent: z.number().positive().max(1000), high: z.number().positive().max(1000), normal: z.number().positive().max(1000), low: z.number().positive().max(1000) });
const ClockPolicySchema = z.strictObject({
  firstResponseHours: PRIO.optional(),
  resolutionDays: z.object({ urgent: z.number().int().min(0).max(365), high: z.number().int().min(0).max(365), normal: z.number().int().min(0).max(365), low: z.number().int().min(0).max(365) }).optional(),
  firstResponseHoursByTier: z.record(z.string().min(1).max(40), z.number().positive().max(1000)).optional(),
  warnBeforeMinutes: z.number().int().min(0).max(10_000).optional(),
  regulatoryPacks: z.array(z.enum(['uk-fca-disp', 'psd2', 'us-cfpb', 'au-asic-rg271'])).optional(),
});

const RetentionBody = z.strictObject({
  rawMailDays: RetentionFields.rawMailDays.optional(),
  attachmentDays: RetentionFields.attachmentDays.optional(),
  formMetadataDays: RetentionFields.formMetadataDays.optional(),
  finishedJobDays: RetentionFields.finishedJobDays.optional(),
  closedCaseYears: RetentionFields.closedCaseYears.optional(),
});

/** A partial change of the business settings (admin); an unknown key is refused (400), never silently dropped. */
export const SettingsBody = z.strictObject({
  authorityLimits: z.partialRecord(z.enum(ROLES), MoneySchema.nullable()).optional(),
  followUpDays: z.number().int().min(1).max(365).optional(),
  triageRules: z.array(TriageRuleSchema).max(100).optional(),
  highValueThreshold: MoneySchema.optional(),
  highValueTiers: z.array(z.string().min(1).max(40)).max(20).optional(),
  calendar: z.unknown().optional().describe('{timeZone, week: {1..7: [{start, end}]}, holidays: [{date, …}]} — see docs/CLOCKS.md'),
  unitCalendars: z.record(z.string().min(1).max(100), z.unknown()).optional().describe('calendars of business units by name'),
  clockPolicy: ClockPolicySchema.optional(),
  serviceGuarantees: z.array(GuaranteeSchema).max(50).optional().describe('P-4.9: when a clock breaches, grant this compensation automatically'),
  keepInTouch: KeepInTouchSchema.optional().describe('P-4.5: yearly greeting date, check-in every N months, own greeting words per language ({customerName}, {managerName}, {businessName})'),
  economics: EconomicsBody.optional().describe('PLAYBOOK §3: bonus share and validity, margin, tax, recovery window, repeat-claimant thresholds, monthly limits per role'),
  retention: RetentionBody.optional().describe('how long each class of personal data is kept (null: kept); the worker sweeps daily'),
});

/** iCalendar text and the years to take holidays from. */
export const HolidaysBody = z.object({
  ics: z.string().min(1).max(2_000_000),
  fromYear: z.number().int().min(2000).max(2200).optional(),
  toYear: z.number().int().min(2000).max(2200).optional(),
});
/** How many holidays were imported, which events were skipped and why, and the total. */
export const HolidaysOut = z.object({ imported: z.number(), skipped: z.array(z.object({ line: z.number(), summary: z.string().nullable(), reason: z.string() })), holidays: z.number() });

const money = (minor: number | null, currency: string) => (minor === null ? null : fromMinor(minor, currency));

/** The settings as the API shows them: amounts as Money in the business currency. */
export function settingsView(s: BusinessSettings, currency: string): z.input<typeof SettingsSchema> {
  return {
    currency,
    authorityLimits: Object.fromEntries(ROLES.map((r) => [r, money(s.authorityLimits[r], currency)])) as Record<(typeof ROLES)[number], { amount: string; currency: string } | null>,
    followUpDays: s.followUpDays,
    triageRules: s.triageRules,
    highValueThreshold: fromMinor(s.highValueThreshold, currency),
    highValueTiers: s.highValueTiers,
    calendar: s.calendar,
    unitCalendars: s.unitCalendars,
    clockPolicy: s.clockPolicy,
    serviceGuarantees: s.serviceGuarantees,
    keepInTouch: s.keepInTouch,
    economics: {
      ...s.economics,
      abuseMaxValue: fromMinor(s.economics.abuseMaxValue, currency),
      monthlyAuthorityLimits: Object.fromEntries(ROLES.map((r) => [r, money(s.economics.monthlyAuthorityLimits[r], currency)])),
    },
    retention: s.retention,
  };
}
