// Saved views of the queue: a name and the queue's filters and sort, personal
// (only their owner sees them) or shared with the whole desk (made by supervisors up).
import { sql } from 'drizzle-orm';
import { boolean, index, jsonb, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { ts, createdAt } from './columns.ts';
import { users } from './staff.ts';

export const savedViews = pgTable(
  'saved_views',
  {
    id: uuid('id').primaryKey(),
    /** Who made it; a personal view is visible to this person only. */
    ownerId: uuid('owner_id').notNull().references(() => users.id),
    shared: boolean('shared').notNull().default(false),
    name: text('name').notNull(),
    /** The queue's query parameters (GET /api/v1/cases), validated on the way in. */
    filters: jsonb('filters').notNull().default({}),
    createdAt: createdAt(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [
    index('saved_views_owner_idx').on(t.ownerId),
    index('saved_views_shared_idx').on(t.shared).where(sql`${t.shared}`),
  ],
);
