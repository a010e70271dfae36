// Learning from cases and the people who handle them (PLAYBOOK §4): root causes with their
// corrective action (P-4.3, P-4.4), prepared scripts per role and situation (P-4.7) and the
// employee ledger of praise and justified complaints (P-4.8).
import { sql } from 'drizzle-orm';
import { boolean, check, index, integer, jsonb, pgTable, primaryKey, text, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { ts, createdAt } from './columns.ts';
import { users } from './staff.ts';
import { customers } from './customers.ts';
import { cases, categories, messages } from './cases.ts';

/**
 * A root cause and its corrective action (CAPA, P-4.3): what went wrong, what to do, the rule
 * or process changed, who owns it and by when. Accidental or systemic (P-4.4): linked to cases
 * of enough different customers it is flagged systemic automatically (kind_source = 'auto').
 */
export const rootCauses = pgTable(
  'root_causes',
  {
    id: uuid('id').primaryKey(),
    title: text('title').notNull(),
    kind: text('kind').notNull().default('accidental'),
    /** 'declared' by a person, or 'auto' when the links made it systemic. */
    kindSource: text('kind_source').notNull().default('declared'),
    /** The corrective action: what to do. */
    action: text('action'),
    /** The rule or process changed ("record the Pantone colour on every order"). */
    ruleAdded: text('rule_added'),
    status: text('status').notNull().default('open'),
    ownerId: uuid('owner_id').references(() => users.id),
    dueAt: ts('due_at'),
    categoryId: uuid('category_id').references(() => categories.id),
    doneAt: ts('done_at'),
    verifiedAt: ts('verified_at'),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: createdAt(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    index('root_causes_created_idx').on(t.createdAt, t.id),
    check('root_causes_kind_ck', sql`${t.kind} in ('accidental','systemic')`),
    check('root_causes_status_ck', sql`${t.status} in ('open','in_progress','done','verified')`),
  ],
);

/** Which cases a root cause explains: many cases to one cause, and a case may have several causes. */
export const rootCauseCases = pgTable(
  'root_cause_cases',
  {
    rootCauseId: uuid('root_cause_id').notNull().references(() => rootCauses.id),
    caseId: uuid('case_id').notNull().references(() => cases.id),
    linkedBy: uuid('linked_by').references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.rootCauseId, t.caseId] }), index('root_cause_cases_case_idx').on(t.caseId)],
);

/** The thank-you told to each customer whose case led to a change (P-4.3): once per customer per root cause. */
export const rootCauseThanks = pgTable(
  'root_cause_thanks',
  {
    rootCauseId: uuid('root_cause_id').notNull().references(() => rootCauses.id),
    customerId: uuid('customer_id').notNull().references(() => customers.id),
    caseId: uuid('case_id').notNull().references(() => cases.id),
    messageId: uuid('message_id').references(() => messages.id),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.rootCauseId, t.customerId] })],
);

/** The roles and situations scripts are written for (receptionist, sales, night call centre …); admins extend the list. */
export const scriptRoles = pgTable('script_roles', {
  key: text('key').primaryKey(),
  labels: jsonb('labels').$type<Record<string, string>>().notNull(),
  active: boolean('active').notNull().default(true),
  sortOrder: integer('sort_order').notNull().default(0),
  createdAt: createdAt(),
});

/** A prepared answer (P-4.7) for a role, a category or an objection, in one language; its uses are counted. */
export const scripts = pgTable(
  'scripts',
  {
    id: uuid('id').primaryKey(),
    /** Null: for every role. */
    roleKey: text('role_key').references(() => scriptRoles.key),
    /** Null: for every category. */
    categoryId: uuid('category_id').references(() => categories.id),
    /** The known question or objection it answers ("too expensive", "I want the manager"). */
    situation: text('situation'),
    language: text('language').notNull(),
    title: text('title').notNull(),
    body: text('body').notNull(),
    active: boolean('active').notNull().default(true),
    uses: integer('uses').notNull().default(0),
    lastUsedAt: ts('last_used_at'),
    createdAt: createdAt(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [index('scripts_language_idx').on(t.language, t.active)],
);

/**
 * The employee ledger (P-4.8): praise and complaints naming an employee, from the portal, ratings,
 * reviews, surveys or staff entries. A complaint counts against someone only when justified.
 */
export const employeeFeedback = pgTable(
  'employee_feedback',
  {
    id: uuid('id').primaryKey(),
    userId: uuid('user_id').notNull().references(() => users.id),
    kind: text('kind').notNull(),
    source: text('source').notNull(),
    caseId: uuid('case_id').references(() => cases.id),
    customerId: uuid('customer_id').references(() => customers.id),
    justified: boolean('justified').notNull().default(false),
    reason: text('reason'),
    recordedBy: uuid('recorded_by').references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [
    index('employee_feedback_user_idx').on(t.userId, t.createdAt),
    // The customer praises a person once per case, however often they click.
    uniqueIndex('employee_feedback_customer_praise_uq').on(t.caseId, t.userId).where(sql`${t.kind} = 'praise' and ${t.source} in ('portal','rating')`),
    // A complaint is marked justified against a person once per case.
    uniqueIndex('employee_feedback_justified_uq').on(t.caseId, t.userId).where(sql`${t.kind} = 'complaint' and ${t.justified}`),
    check('employee_feedback_kind_ck', sql`${t.kind} in ('praise','complaint')`),
    check('employee_feedback_source_ck', sql`${t.source} in ('portal','rating','review','survey','staff','supervisor')`),
  ],
);
