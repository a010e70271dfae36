// Saving the queue as it is filtered now under a name: personal by default,
// shared with the desk only by supervisors, heads and admins.
import { and, count, eq } from 'drizzle-orm';
import type { Tx } from '../db/client.ts';
import { savedViews } from '../db/schema.ts';
import { newId } from '../db/ids.ts';
import { AppError } from '../domain/errors.ts';
import type { Actor } from '../context.ts';
import { maySpeakForDesk, presentView, viewUser, type ViewFilters } from './view-rules.ts';

/** How many personal views one person keeps (a menu, not a database). */
export const MAX_PERSONAL_VIEWS = 50;

export async function createView(tx: Tx, actor: Actor, input: { name: string; shared?: boolean; filters: ViewFilters }) {
  const me = viewUser(actor);
  const shared = input.shared ?? false;
  if (shared && !maySpeakForDesk(actor)) throw new AppError('FORBIDDEN', 'only supervisors, heads and admins share views with the desk');
  const name = input.name.trim();
  if (!name) throw new AppError('VALIDATION_FAILED', 'a view needs a name');
  if (!shared) {
    const [{ n }] = (await tx
      .select({ n: count() })
      .from(savedViews)
      .where(and(eq(savedViews.ownerId, me.id), eq(savedViews.shared, false)))) as [{ n: number }];
    if (n >= MAX_PERSONAL_VIEWS) throw new AppError('TOO_MANY_VIEWS', `at most ${MAX_PERSONAL_VIEWS} personal views; delete one first`);
  }
  const [row] = await tx.insert(savedViews).values({ id: newId(), ownerId: me.id, shared, name, filters: input.filters }).returning();
  return presentView(row!, actor);
}
