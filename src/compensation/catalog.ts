// The catalog of amends (P-3.2): what the business gives, each with its cost
// to the business and its value to the customer. An admin loads a preset for
// the kind of business and edits it.
import { and, asc, eq, sql } from 'drizzle-orm';
import { catalogItems } from '../db/schema.ts';
import type { Queryable, Tx } from '../db/client.ts';
import { newId } from '../db/ids.ts';
import { AppError } from '../domain/errors.ts';
import { fromMinor, toMinor, type Money } from '../domain/money.ts';
import { presetItems, type CompensationKind } from '../domain/economics.ts';
import { isUuid } from '../cases/case-store.ts';

export type CatalogRow = typeof catalogItems.$inferSelect;

export interface CatalogInput {
  name: string;
  kind: CompensationKind;
  cost: Money;
  value: Money;
  remedy?: boolean;
  active?: boolean;
  position?: number;
}

export function catalogView(i: CatalogRow) {
  return {
    id: i.id,
    name: i.name,
    kind: i.kind,
    cost: fromMinor(i.cost, i.currency),
    value: fromMinor(i.value, i.currency),
    remedy: i.remedy,
    active: i.active,
    preset: i.preset,
    position: i.position,
  };
}

function amounts(currency: string, cost: Money, value: Money) {
  if (cost.currency !== currency || value.currency !== currency) throw new AppError('CURRENCY_MISMATCH', `the catalog is in the business currency ${currency}`, { expected: currency });
  const c = toMinor(cost);
  const v = toMinor(value);
  if (c < 0 || v <= 0) throw new AppError('VALIDATION_FAILED', 'cost is zero or more and value more than zero');
  return { cost: c, value: v };
}

/** Adds a preset's items; items of that preset already present (same name) are kept as edited. */
export async function loadPreset(tx: Tx, currency: string, preset: string): Promise<{ added: number }> {
  const items = presetItems(preset, currency);
  const existing = await tx.select({ name: catalogItems.name }).from(catalogItems).where(eq(catalogItems.preset, preset));
  const have = new Set(existing.map((e) => e.name));
  const [{ max }] = (await tx.select({ max: sql<number>`coalesce(max(${catalogItems.position}), -1)::int` }).from(catalogItems)) as [{ max: number }];
  const fresh = items.filter((i) => !have.has(i.name));
  if (fresh.length) {
    await tx.insert(catalogItems).values(fresh.map((i, n) => ({ id: newId(), ...i, currency, preset, position: max + 1 + n })));
  }
  return { added: fresh.length };
}

export async function addCatalogItem(tx: Tx, currency: string, input: CatalogInput): Promise<CatalogRow> {
  const { cost, value } = amounts(currency, input.cost, input.value);
  const [{ max }] = (await tx.select({ max: sql<number>`coalesce(max(${catalogItems.position}), -1)::int` }).from(catalogItems)) as [{ max: number }];
  const [row] = await tx
    .insert(catalogItems)
    .values({ id: newId(), name: input.name, kind: input.kind, cost, value, currency, remedy: input.remedy ?? input.kind === 'replacement', active: input.active ?? true, position: input.position ?? max + 1 })
    .returning();
  return row!;
}

export async function editCatalogItem(tx: Tx, currency: string, id: string, input: Partial<CatalogInput>): Promise<CatalogRow> {
  const [current] = isUuid(id) ? await tx.select().from(catalogItems).where(eq(catalogItems.id, id)).for('update') : [];
  if (!current) throw new AppError('CATALOG_ITEM_NOT_FOUND', 'no such catalog item');
  const money = amounts(currency, input.cost ?? fromMinor(current.cost, currency), input.value ?? fromMinor(current.value, currency));
  const [row] = await tx
    .update(catalogItems)
    .set({
      ...(input.name !== undefined ? { name: input.name } : {}),
      ...(input.kind !== undefined ? { kind: input.kind } : {}),
      ...(input.remedy !== undefined ? { remedy: input.remedy } : {}),
      ...(input.active !== undefined ? { active: input.active } : {}),
      ...(input.position !== undefined ? { position: input.position } : {}),
      ...money,
      updatedAt: new Date(),
    })
    .where(eq(catalogItems.id, id))
    .returning();
  return row!;
}

/** Catalog page in its order (position, id), keyset-paged; inactive items only when asked. */
export async function listCatalog(q: Queryable, opts: { all?: boolean; cursor?: string; limit: number }) {
  let after: { position: number; id: string } | null = null;
  if (opts.cursor) {
    const m = /^(-?\d+):([0-9a-f-]{36})$/i.exec(Buffer.from(opts.cursor, 'base64url').toString());
    if (!m) throw new AppError('INVALID_CURSOR', 'this cursor is not one we gave out');
    after = { position: Number(m[1]), id: m[2]! };
  }
  const rows = await q
    .select()
    .from(catalogItems)
    .where(
      and(
        opts.all ? undefined : eq(catalogItems.active, true),
        after ? sql`(${catalogItems.position}, ${catalogItems.id}) > (${after.position}, ${after.id}::uuid)` : undefined,
      ),
    )
    .orderBy(asc(catalogItems.position), asc(catalogItems.id))
    .limit(opts.limit + 1);
  const page = rows.slice(0, opts.limit);
  const last = page.at(-1);
  return {
    items: page.map(catalogView),
    nextCursor: rows.length > opts.limit && last ? Buffer.from(`${last.position}:${last.id}`).toString('base64url') : null,
  };
}
