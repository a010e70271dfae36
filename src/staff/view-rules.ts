// Who may see and change a saved view of the queue: personal views are their
// owner's alone (another's is simply not found); shared views are made and
// changed by the roles that answer for the desk, and read by everyone.
import { and, eq, or } from 'drizzle-orm';
import type { Queryable } from '../db/client.ts';
import { savedViews } from '../db/schema.ts';
import { AppError } from '../domain/errors.ts';
import type { Actor } from '../context.ts';
import { isUuid } from '../cases/case-store.ts';

export type SavedViewRow = typeof savedViews.$inferSelect;

/** The queue's filters a view keeps: the query parameters of GET /api/v1/cases (no cursor, no limit). */
export interface ViewFilters {
  status?: string;
  ownerId?: string;
  involving?: string;
  priority?: string;
  channel?: string;
  language?: string;
  q?: string;
  sort?: 'priority' | 'oldest' | 'newest' | 'deadline' | 'dissatisfaction';
}

/** Roles that may share a view with the whole desk. */
export function maySpeakForDesk(actor: Actor): boolean {
  return actor.type === 'user' && actor.role !== 'agent';
}

/** The staff member behind a view change (views belong to people, not to Amends). */
export function viewUser(actor: Actor): Extract<Actor, { type: 'user' }> {
  if (actor.type !== 'user') throw new AppError('FORBIDDEN', 'saved views belong to staff members');
  return actor;
}

/** A view the actor may see, or VIEW_NOT_FOUND (a colleague's personal view does not exist for them). */
export async function visibleView(q: Queryable, actor: Actor, id: string): Promise<SavedViewRow> {
  const me = viewUser(actor);
  if (!isUuid(id)) throw new AppError('VIEW_NOT_FOUND', 'no such view');
  const [row] = await q
    .select()
    .from(savedViews)
    .where(and(eq(savedViews.id, id), or(eq(savedViews.ownerId, me.id), eq(savedViews.shared, true))));
  if (!row) throw new AppError('VIEW_NOT_FOUND', 'no such view');
  return row;
}

/** A view the actor may change: their own personal one, or a shared one when they speak for the desk. */
export async function changeableView(q: Queryable, actor: Actor, id: string): Promise<SavedViewRow> {
  const row = await visibleView(q, actor, id);
  if (row.shared && !maySpeakForDesk(actor)) throw new AppError('FORBIDDEN', 'only supervisors, heads and admins change shared views');
  return row;
}

/** The view as the API shows it. */
export function presentView(row: SavedViewRow, actor: Actor) {
  return {
    id: row.id,
    name: row.name,
    shared: row.shared,
    filters: row.filters as ViewFilters,
    ownerId: row.ownerId,
    mine: actor.type === 'user' && row.ownerId === actor.id,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}
