// Administration: staff accounts and roles, and business settings such as
// the authority limits per role (P-3.3).
import { z } from 'zod';
import type { RouteDeps, TypedApp } from '../app.ts';
import { mutate } from '../mutate.ts';
import { errorResponses, IdParams, LanguageSchema, MoneySchema, PercentSchema } from '../schemas.ts';
import { addUser, listUsers, staffRecords, updateUser } from '../../staff/users.ts';
import { ROLES, type AuthorityLimits } from '../../domain/authority.ts';
import { fromMinor, toMinor } from '../../domain/money.ts';
import { AppError } from '../../domain/errors.ts';
import { importIcalHolidays, parseCalendar } from '../../domain/calendar/index.ts';
import { loadSettings, saveSetting } from '../../settings/business-settings.ts';

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
const SettingsSchema = z.object({
  currency: z.string(),
  authorityLimits: z.record(z.enum(ROLES), MoneySchema.nullable()),
  followUpDays: z.number().int(),
  triageRules: z.array(TriageRuleSchema),
  highValueThreshold: MoneySchema,
  highValueTiers: z.array(z.string()),
  calendar: z.unknown(),
  unitCalendars: z.record(z.string(), z.unknown()),
  clockPolicy: z.unknown(),
  serviceGuarantees: z.array(z.unknown()),
  keepInTouch: z.unknown(),
  economics: z.looseObject({ bonusPercent: z.number() }),
});
const Words = z.object({ subject: z.string().trim().min(1).max(300), body: z.string().trim().min(1).max(20_000) });
const KeepInTouchSchema = z.object({
  enabled: z.boolean().optional(),
  greeting: z.object({ month: z.number().int().min(1).max(12), day: z.number().int().min(1).max(31) }).nullable().optional(),
  checkInMonths: z.number().int().min(1).max(60).nullable().optional(),
  greetingText: z.partialRecord(LanguageSchema, Words).optional(),
});
const EconomicsBody = z.object({
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
const ClockPolicySchema = z.object({
  firstResponseHours: PRIO.optional(),
  resolutionDays: z.object({ urgent: z.number().int().min(0).max(365), high: z.number().int().min(0).max(365), normal: z.number().int().min(0).max(365), low: z.number().int().min(0).max(365) }).optional(),
  firstResponseHoursByTier: z.record(z.string().min(1).max(40), z.number().positive().max(1000)).optional(),
  warnBeforeMinutes: z.number().int().min(0).max(10_000).optional(),
  regulatoryPacks: z.array(z.enum(['uk-fca-disp', 'psd2', 'us-cfpb', 'au-asic-rg271'])).optional(),
});

export async function adminRoutes(app: TypedApp, deps: RouteDeps) {
  const { database, services } = deps;
  const currency = services.config.CURRENCY;
  const view = (s: Awaited<ReturnType<typeof loadSettings>>) => ({
    currency,
    authorityLimits: Object.fromEntries(ROLES.map((r) => [r, s.authorityLimits[r] === null ? null : fromMinor(s.authorityLimits[r]!, currency)])) as Record<
      (typeof ROLES)[number],
      { amount: string; currency: string } | null
    >,
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
      monthlyAuthorityLimits: Object.fromEntries(ROLES.map((r) => [r, s.economics.monthlyAuthorityLimits[r] === null ? null : fromMinor(s.economics.monthlyAuthorityLimits[r]!, currency)])),
    },
  });
  const UserOut = z.object({ id: z.string(), email: z.string(), name: z.string(), role: z.string(), kind: z.string(), languages: z.array(z.string()), locale: z.string(), active: z.boolean() });

  const RecordOut = z
    .object({
      openCases: z.number(),
      promises: z.object({ open: z.number(), kept: z.number(), broken: z.number() }),
      praise: z.number(),
      ratings: z.object({ count: z.number(), average: z.number().nullable() }),
    })
    .nullable();
  app.get(
    '/api/v1/users',
    {
      config: { permission: 'cases:read' },
      schema: {
        description: 'Staff with their record: open cases, promises kept and broken (P-2.11), praise from customers (P-4.8), ratings.',
        tags: ['admin'],
        response: { 200: z.object({ items: z.array(UserOut.extend({ record: RecordOut })), nextCursor: z.null() }) },
      },
    },
    async () => {
      const [list, records] = [await listUsers(database.db), await staffRecords(database.db)];
      return { items: list.map((u) => ({ ...u, record: records.get(u.id) ?? null })), nextCursor: null };
    },
  );
  app.post(
    '/api/v1/users',
    {
      config: { permission: 'users:manage', idempotent: true },
      schema: {
        tags: ['admin'],
        body: z.object({
          email: z.email().max(320),
          name: z.string().trim().min(1).max(200),
          role: z.enum(ROLES),
          password: z.string().min(8).max(1000),
          languages: z.array(LanguageSchema).optional(),
          locale: LanguageSchema.optional(),
        }),
        response: { 201: UserOut, ...errorResponses },
      },
    },
    async (req, reply) => mutate(deps, req, reply, 201, null, (tx) => addUser(tx, req.body)),
  );
  app.patch(
    '/api/v1/users/:id',
    {
      config: { permission: 'users:manage' },
      schema: {
        description: 'Change a person’s name, role or languages, or deactivate them (their sessions and tokens stop working at once). Admins cannot demote or deactivate themselves.',
        tags: ['admin'],
        params: IdParams,
        body: z
          .object({ name: z.string().trim().min(1).max(200).optional(), role: z.enum(ROLES).optional(), active: z.boolean().optional(), languages: z.array(LanguageSchema).max(7).optional() })
          .refine((b) => Object.keys(b).length > 0, 'say what to change'),
        response: { 200: UserOut, ...errorResponses },
      },
    },
    async (req, reply) => mutate(deps, req, reply, 200, null, (tx) => updateUser(tx, req.user?.id ?? null, req.params.id, req.body)),
  );
  app.get('/api/v1/settings', { config: { permission: 'cases:read' }, schema: { tags: ['admin'], response: { 200: SettingsSchema } } }, async () =>
    view(await loadSettings(database.db)),
  );
  app.put(
    '/api/v1/settings',
    {
      config: { permission: 'settings:manage' },
      schema: {
        tags: ['admin'],
        body: z.object({
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
        }),
        response: { 200: SettingsSchema, ...errorResponses },
      },
    },
    async (req, reply) =>
      mutate(deps, req, reply, 200, null, async (tx) => {
        const current = await loadSettings(tx);
        if (req.body.authorityLimits) {
          const limits: AuthorityLimits = { ...current.authorityLimits };
          for (const [role, money] of Object.entries(req.body.authorityLimits) as [keyof AuthorityLimits, { amount: string; currency: string } | null][]) {
            if (money && money.currency !== currency) throw new AppError('CURRENCY_MISMATCH', `limits are in the business currency ${currency}`);
            limits[role] = money ? toMinor(money) : null;
          }
          await saveSetting(tx, 'authorityLimits', limits);
        }
        if (req.body.followUpDays) await saveSetting(tx, 'followUpDays', req.body.followUpDays);
        if (req.body.triageRules) await saveSetting(tx, 'triageRules', req.body.triageRules);
        if (req.body.highValueTiers) await saveSetting(tx, 'highValueTiers', req.body.highValueTiers);
        if (req.body.calendar !== undefined) {
          const parsed = parseCalendar(req.body.calendar);
          if (!parsed.ok) throw new AppError('VALIDATION_FAILED', 'the business calendar is not valid', parsed.errors);
          await saveSetting(tx, 'calendar', parsed.calendar);
        }
        if (req.body.serviceGuarantees) {
          for (const g of req.body.serviceGuarantees) {
            if (g.value.currency !== currency) throw new AppError('CURRENCY_MISMATCH', `guarantees are in the business currency ${currency}`);
            if (toMinor(g.value) <= 0) throw new AppError('VALIDATION_FAILED', 'a guarantee must be worth more than zero');
          }
          await saveSetting(tx, 'serviceGuarantees', req.body.serviceGuarantees);
        }
        if (req.body.unitCalendars) {
          const units: Record<string, unknown> = {};
          for (const [unit, input] of Object.entries(req.body.unitCalendars)) {
            const parsed = parseCalendar(input);
            if (!parsed.ok) throw new AppError('VALIDATION_FAILED', `the calendar of ${unit} is not valid`, parsed.errors);
            units[unit] = parsed.calendar;
          }
          await saveSetting(tx, 'unitCalendars', units);
        }
        if (req.body.keepInTouch) await saveSetting(tx, 'keepInTouch', { ...current.keepInTouch, ...req.body.keepInTouch });
        if (req.body.clockPolicy) await saveSetting(tx, 'clockPolicy', { ...current.clockPolicy, ...req.body.clockPolicy });
        if (req.body.highValueThreshold) {
          if (req.body.highValueThreshold.currency !== currency) throw new AppError('CURRENCY_MISMATCH', `the threshold is in the business currency ${currency}`);
          await saveSetting(tx, 'highValueThreshold', toMinor(req.body.highValueThreshold));
        }
        if (req.body.economics) {
          const { abuseMaxValue, monthlyAuthorityLimits, ...rest } = req.body.economics;
          const next = { ...current.economics, ...rest, monthlyAuthorityLimits: { ...current.economics.monthlyAuthorityLimits } };
          for (const m of [abuseMaxValue, ...Object.values(monthlyAuthorityLimits ?? {})]) {
            if (m && m.currency !== currency) throw new AppError('CURRENCY_MISMATCH', `amounts are in the business currency ${currency}`);
          }
          if (abuseMaxValue) next.abuseMaxValue = toMinor(abuseMaxValue);
          for (const [role, money] of Object.entries(monthlyAuthorityLimits ?? {}) as [keyof AuthorityLimits, { amount: string; currency: string } | null][]) {
            next.monthlyAuthorityLimits[role] = money ? toMinor(money) : null;
          }
          await saveSetting(tx, 'economics', next);
        }
        return view(await loadSettings(tx));
      }),
  );

  app.post(
    '/api/v1/settings/calendar/holidays',
    {
      config: { permission: 'settings:manage' },
      schema: {
        description: 'Import holidays from iCalendar text (VEVENTs with all-day dates; yearly rules expanded); they join the calendar’s holidays.',
        tags: ['admin'],
        body: z.object({
          ics: z.string().min(1).max(2_000_000),
          fromYear: z.number().int().min(2000).max(2200).optional(),
          toYear: z.number().int().min(2000).max(2200).optional(),
        }),
        response: { 200: z.object({ imported: z.number(), skipped: z.array(z.object({ line: z.number(), summary: z.string().nullable(), reason: z.string() })), holidays: z.number() }), ...errorResponses },
      },
    },
    async (req, reply) =>
      mutate(deps, req, reply, 200, null, async (tx) => {
        const year = new Date().getUTCFullYear();
        const result = importIcalHolidays(req.body.ics, { fromYear: req.body.fromYear ?? year, toYear: req.body.toYear ?? year + 2 });
        const current = await loadSettings(tx);
        const byDate = new Map(current.calendar.holidays.map((h) => [h.date, h]));
        for (const h of result.holidays) if (!byDate.has(h.date)) byDate.set(h.date, h);
        const holidays = [...byDate.values()].sort((a, b) => a.date.localeCompare(b.date));
        await saveSetting(tx, 'calendar', { ...current.calendar, holidays });
        return { imported: result.holidays.length, skipped: result.skipped, holidays: holidays.length };
      }),
  );
}
