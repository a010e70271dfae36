// Removing a saved view (the owner's own, or a shared one by the desk's leads).
import { eq } from 'drizzle-orm';
import type { Tx } from '../db/client.ts';
import { savedViews } from '../db/schema.ts';
import type { Actor } from '../context.ts';
import { changeableView } from './view-rules.ts';

export async function deleteView(tx: Tx, actor: Actor, input: { id: string }): Promise<{ ok: true }> {
  const row = await changeableView(tx, actor, input.id);
  await tx.delete(savedViews).where(eq(savedViews.id, row.id));
  return { ok: true };
}
