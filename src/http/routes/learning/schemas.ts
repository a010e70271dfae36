// The contract of the learning routes: categories, root causes and scripts as the API
// shows them and as staff write them.
import { z } from 'zod';
import { IsoDate, LanguageSchema, MoneySchema } from '../../schemas.ts';
import { LANGUAGES } from '../../../domain/languages.ts';
import { ROOT_CAUSE_KINDS, ROOT_CAUSE_STATUSES } from '../../../domain/root-cause.ts';

const Time = z.string();
/** A one-line text: titles and labels carry no control characters (not even a newline). */
const Text = (max: number) =>
  z
    .string()
    .trim()
    .min(1)
    .max(max)
    .regex(/^[^\u0000-\u001F\u007F-\u009F]*$/, 'no control characters');
const Key = z.string().trim().regex(/^[a-z0-9][a-z0-9_-]{0,49}$/, 'a lowercase slug such as "delivery"');

/** One label per interface language (all seven when creating). */
export const Labels = z.object(Object.fromEntries(LANGUAGES.map((l) => [l, Text(100)])) as Record<(typeof LANGUAGES)[number], z.ZodString>);

export const CategorySchema = z
  .object({ id: z.string(), key: z.string(), labels: z.record(z.string(), z.string()), active: z.boolean(), sortOrder: z.number() })
  .meta({ id: 'Category' });
export const CategoryBody = z.object({ key: Key, labels: Labels, active: z.boolean().optional(), sortOrder: z.number().int().min(0).max(100_000).optional() });
export const CategoryPatch = z.object({ key: Key.optional(), labels: Labels.partial().optional(), active: z.boolean().optional(), sortOrder: z.number().int().min(0).max(100_000).optional() });

const Window = z.object({ cases: z.number(), weeks: z.number(), perWeek: z.number(), per100Customers: z.number().nullable() });

export const RootCauseSchema = z
  .object({
    id: z.string(),
    title: z.string(),
    kind: z.enum(ROOT_CAUSE_KINDS),
    kindSource: z.enum(['declared', 'auto']).describe('auto: flagged systemic because its cases span enough customers (P-4.4)'),
    action: z.string().nullable(),
    ruleAdded: z.string().nullable(),
    status: z.enum(ROOT_CAUSE_STATUSES),
    ownerId: z.string().nullable(),
    ownerName: z.string().nullable(),
    dueAt: Time.nullable(),
    overdue: z.boolean(),
    categoryId: z.string().nullable(),
    doneAt: Time.nullable(),
    verifiedAt: Time.nullable(),
    createdAt: Time,
    caseCount: z.number(),
    customerCount: z.number(),
  })
  .meta({ id: 'RootCause' });

export const RootCauseDetail = RootCauseSchema.extend({
  category: z.object({ key: z.string(), labels: z.record(z.string(), z.string()) }).nullable(),
  systemicThreshold: z.number(),
  cases: z.array(
    z.object({ id: z.string(), number: z.string(), subject: z.string().nullable(), status: z.string(), language: z.string(), customerId: z.string(), customerName: z.string().nullable(), linkedAt: Time }),
  ),
  thankedCustomers: z.number(),
  effectiveness: z
    .object({ weeks: z.number(), from: Time, doneAt: Time, to: Time, before: Window, after: Window, changePercent: z.number().nullable() })
    .nullable()
    .describe('the category’s complaints in the N weeks before the action was done against those after; null until done with a category'),
}).meta({ id: 'RootCauseDetail' });

export const RootCauseBody = z.object({
  title: Text(300),
  kind: z.enum(ROOT_CAUSE_KINDS),
  action: z.string().trim().max(4000).nullable().optional().describe('the corrective action: what to do'),
  ruleAdded: z.string().trim().max(4000).nullable().optional().describe('the rule or process changed'),
  dueAt: IsoDate.nullable().optional(),
  ownerId: z.string().max(100).nullable().optional(),
  categoryId: z.string().max(100).nullable().optional(),
});
export const RootCausePatch = RootCauseBody.partial().extend({ status: z.enum(ROOT_CAUSE_STATUSES).optional() });
export const LinkBody = z.object({
  caseIds: z.array(z.string().max(100)).max(200).optional(),
  caseNumbers: z.array(z.string().max(30)).max(200).optional().describe('"C-000123" or "123"'),
});

export const LearningSettingsSchema = z
  .object({
    systemicCustomers: z.number().int().min(2).max(1000),
    effectivenessWeeks: z.number().int().min(1).max(104),
    praiseBonus: MoneySchema,
    complaintPenalty: MoneySchema,
  })
  .meta({ id: 'LearningSettings' });

export const ScriptRoleSchema = z.object({ key: z.string(), labels: z.record(z.string(), z.string()), active: z.boolean(), sortOrder: z.number() }).meta({ id: 'ScriptRole' });
export const ScriptRoleBody = z.object({ key: Key, labels: Labels, active: z.boolean().optional(), sortOrder: z.number().int().min(0).max(100_000).optional() });
export const ScriptRolePatch = z.object({ labels: Labels.partial().optional(), active: z.boolean().optional(), sortOrder: z.number().int().min(0).max(100_000).optional() });

export const ScriptSchema = z
  .object({
    id: z.string(),
    roleKey: z.string().nullable(),
    categoryId: z.string().nullable(),
    situation: z.string().nullable(),
    language: z.string(),
    title: z.string(),
    body: z.string(),
    active: z.boolean(),
    uses: z.number(),
    lastUsedAt: Time.nullable(),
  })
  .meta({ id: 'Script' });
export const ScriptBody = z.object({
  roleKey: Key.nullable().optional(),
  categoryId: z.string().max(100).nullable().optional(),
  situation: z.string().trim().max(300).nullable().optional(),
  language: LanguageSchema,
  title: Text(200),
  body: z.string().trim().min(1).max(8000).describe('what to say; several lines allowed'),
  active: z.boolean().optional(),
});
