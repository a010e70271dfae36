// The tables of Amends, one file per area under schema/. Drizzle generates the
// committed SQL migrations in src/db/migrations from this file (`npm run db:generate`);
// hand-written SQL (triggers, functions) lives in custom migrations beside them.
export * from './schema/system.ts';
export * from './schema/staff.ts';
export * from './schema/customers.ts';
export * from './schema/cases.ts';
export * from './schema/compensation.ts';
export * from './schema/channels.ts';
export * from './schema/learning.ts';
export * from './schema/views.ts';
export * from './schema/webhooks.ts';
export * from './schema/second-factor.ts';
export * from './schema/desk.ts';
export * from './schema/audit.ts';
export * from './schema/reports.ts';
