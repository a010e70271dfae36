// The category taxonomy (P-4.4: count complaints by kind to find what to fix): an admin adds,
// renames, reorders and retires categories; a category already used by a case or a root cause
// is retired rather than deleted, so history keeps its meaning.
import { asc, eq, sql } from 'drizzle-orm';
import { categories, cases, rootCauses, scripts } from '../db/schema.ts';
import { queryRows, type Queryable, type Tx } from '../db/client.ts';
import { newId } from '../db/ids.ts';
import { AppError } from '../domain/errors.ts';
import { isUuid } from '../cases/case-store.ts';

export type CategoryRow = typeof categories.$inferSelect;

export function categoryView(c: CategoryRow) {
  return { id: c.id, key: c.key, labels: c.labels, active: c.active, sortOrder: c.sortOrder };
}

export interface CategoryInput {
  key: string;
  labels: Record<string, string>;
  active?: boolean;
  sortOrder?: number;
}

/** Every category in its order; retired ones only when asked. */
export async function listCategories(q: Queryable, opts: { all?: boolean } = {}) {
  const rows = await q
    .select()
    .from(categories)
    .where(opts.all ? undefined : eq(categories.active, true))
    .orderBy(asc(categories.sortOrder), asc(categories.key));
  return { items: rows.map(categoryView) };
}

/** Loads a category or answers CATEGORY_NOT_FOUND. */
export async function findCategory(q: Queryable, id: string): Promise<CategoryRow> {
  const [row] = isUuid(id) ? await q.select().from(categories).where(eq(categories.id, id)) : [];
  if (!row) throw new AppError('CATEGORY_NOT_FOUND', 'no such category');
  return row;
}

export async function addCategory(tx: Tx, input: CategoryInput) {
  const [max] = await tx.select({ n: sql<number>`coalesce(max(${categories.sortOrder}), 0)::int` }).from(categories);
  const [row] = await tx
    .insert(categories)
    .values({ id: newId(), key: input.key, labels: input.labels, active: input.active ?? true, sortOrder: input.sortOrder ?? (max?.n ?? 0) + 10 })
    .onConflictDoNothing()
    .returning();
  if (!row) throw new AppError('DUPLICATE', `a category with the key "${input.key}" exists`);
  return categoryView(row);
}

export async function editCategory(tx: Tx, id: string, input: Partial<CategoryInput>) {
  const current = await findCategory(tx, id);
  const labels = input.labels ? { ...current.labels, ...input.labels } : undefined;
  if (input.key !== undefined && input.key !== current.key) {
    const [clash] = await tx.select({ id: categories.id }).from(categories).where(eq(categories.key, input.key));
    if (clash) throw new AppError('DUPLICATE', `a category with the key "${input.key}" exists`);
  }
  const [row] = await tx
    .update(categories)
    .set({
      ...(input.key !== undefined ? { key: input.key } : {}),
      ...(labels ? { labels } : {}),
      ...(input.active !== undefined ? { active: input.active } : {}),
      ...(input.sortOrder !== undefined ? { sortOrder: input.sortOrder } : {}),
    })
    .where(eq(categories.id, id))
    .returning();
  return categoryView(row!);
}

/** Deletes an unused category; a used one is retired (inactive) instead. */
export async function removeCategory(tx: Tx, id: string) {
  const current = await findCategory(tx, id);
  const used = await queryRows(tx, sql`select 1 from ${cases} where ${cases.categoryId} = ${id}
    union all select 1 from ${rootCauses} where ${rootCauses.categoryId} = ${id}
    union all select 1 from ${scripts} where ${scripts.categoryId} = ${id} limit 1`);
  if (used.length) {
    const [row] = await tx.update(categories).set({ active: false }).where(eq(categories.id, id)).returning();
    return { deleted: false, category: categoryView(row!) };
  }
  await tx.delete(categories).where(eq(categories.id, id));
  return { deleted: true, category: categoryView({ ...current, active: false }) };
}
