// Renaming a saved view or saving the queue's current filters into it.
import { eq } from 'drizzle-orm';
import type { Tx } from '../db/client.ts';
import { savedViews } from '../db/schema.ts';
import { AppError } from '../domain/errors.ts';
import type { Actor } from '../context.ts';
import { changeableView, maySpeakForDesk, presentView, type ViewFilters } from './view-rules.ts';

export async function updateView(tx: Tx, actor: Actor, input: { id: string; name?: string; shared?: boolean; filters?: ViewFilters }) {
  const row = await changeableView(tx, actor, input.id);
  if (input.shared !== undefined && input.shared !== row.shared && !maySpeakForDesk(actor)) {
    throw new AppError('FORBIDDEN', 'only supervisors, heads and admins share views with the desk');
  }
  const name = input.name?.trim();
  if (input.name !== undefined && !name) throw new AppError('VALIDATION_FAILED', 'a view needs a name');
  const [updated] = await tx
    .update(savedViews)
    .set({
      ...(name ? { name } : {}),
      ...(input.shared !== undefined ? { shared: input.shared } : {}),
      ...(input.filters ? { filters: input.filters } : {}),
      updatedAt: new Date(),
    })
    .where(eq(savedViews.id, row.id))
    .returning();
  return presentView(updated!, actor);
}
