// The saved views one staff member sees: the desk's shared views, then their own.
import { asc, desc, eq, or } from 'drizzle-orm';
import type { Queryable } from '../db/client.ts';
import { savedViews } from '../db/schema.ts';
import type { Actor } from '../context.ts';
import { presentView, viewUser } from './view-rules.ts';

/** Shared views first, then personal ones, each by name (at most 200: views are a short menu). */
export async function listViews(q: Queryable, actor: Actor) {
  const me = viewUser(actor);
  const rows = await q
    .select()
    .from(savedViews)
    .where(or(eq(savedViews.ownerId, me.id), eq(savedViews.shared, true)))
    .orderBy(desc(savedViews.shared), asc(savedViews.name), asc(savedViews.id))
    .limit(200);
  return { items: rows.map((r) => presentView(r, actor)) };
}
