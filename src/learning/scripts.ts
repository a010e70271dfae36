// Prepared scripts (P-4.7: one interaction scheme for all roles, with prepared answers to the
// known questions, complaints and objections): the roles admins extend, the scripts they write
// per role, category or objection and language, the ones that match a case, and counted uses.
import { and, asc, desc, eq, isNull, or, sql } from 'drizzle-orm';
import { cases, scriptRoles, scripts } from '../db/schema.ts';
import type { Queryable, Tx } from '../db/client.ts';
import { newId } from '../db/ids.ts';
import { AppError } from '../domain/errors.ts';
import { isUuid } from '../cases/case-store.ts';
import { findCategory } from './categories.ts';

type ScriptRow = typeof scripts.$inferSelect;
type RoleRow = typeof scriptRoles.$inferSelect;

export const roleView = (r: RoleRow) => ({ key: r.key, labels: r.labels, active: r.active, sortOrder: r.sortOrder });
export const scriptView = (s: ScriptRow) => ({
  id: s.id,
  roleKey: s.roleKey,
  categoryId: s.categoryId,
  situation: s.situation,
  language: s.language,
  title: s.title,
  body: s.body,
  active: s.active,
  uses: s.uses,
  lastUsedAt: s.lastUsedAt?.toISOString() ?? null,
});

export async function listScriptRoles(q: Queryable, opts: { all?: boolean } = {}) {
  const rows = await q.select().from(scriptRoles).where(opts.all ? undefined : eq(scriptRoles.active, true)).orderBy(asc(scriptRoles.sortOrder), asc(scriptRoles.key));
  return { items: rows.map(roleView) };
}

export async function addScriptRole(tx: Tx, input: { key: string; labels: Record<string, string>; active?: boolean; sortOrder?: number }) {
  const [row] = await tx
    .insert(scriptRoles)
    .values({ key: input.key, labels: input.labels, active: input.active ?? true, sortOrder: input.sortOrder ?? 100 })
    .onConflictDoNothing()
    .returning();
  if (!row) throw new AppError('DUPLICATE', `a role with the key "${input.key}" exists`);
  return roleView(row);
}

export async function editScriptRole(tx: Tx, key: string, input: { labels?: Partial<Record<string, string>>; active?: boolean; sortOrder?: number }) {
  const [current] = await tx.select().from(scriptRoles).where(eq(scriptRoles.key, key));
  if (!current) throw new AppError('SCRIPT_ROLE_NOT_FOUND', 'no such role');
  const [row] = await tx
    .update(scriptRoles)
    .set({
      ...(input.labels ? { labels: { ...current.labels, ...(input.labels as Record<string, string>) } } : {}),
      ...(input.active !== undefined ? { active: input.active } : {}),
      ...(input.sortOrder !== undefined ? { sortOrder: input.sortOrder } : {}),
    })
    .where(eq(scriptRoles.key, key))
    .returning();
  return roleView(row!);
}

export interface ScriptInput {
  roleKey?: string | null;
  categoryId?: string | null;
  situation?: string | null;
  language: string;
  title: string;
  body: string;
  active?: boolean;
}

async function checkScriptRefs(q: Queryable, input: Partial<ScriptInput>) {
  if (input.roleKey) {
    const [r] = await q.select({ key: scriptRoles.key }).from(scriptRoles).where(eq(scriptRoles.key, input.roleKey));
    if (!r) throw new AppError('SCRIPT_ROLE_NOT_FOUND', 'no such role');
  }
  if (input.categoryId) await findCategory(q, input.categoryId);
}

async function findScript(q: Queryable, id: string): Promise<ScriptRow> {
  const [row] = isUuid(id) ? await q.select().from(scripts).where(eq(scripts.id, id)) : [];
  if (!row) throw new AppError('SCRIPT_NOT_FOUND', 'no such script');
  return row;
}

export async function addScript(tx: Tx, input: ScriptInput) {
  await checkScriptRefs(tx, input);
  const [row] = await tx
    .insert(scripts)
    .values({ id: newId(), roleKey: input.roleKey ?? null, categoryId: input.categoryId ?? null, situation: input.situation || null, language: input.language, title: input.title, body: input.body, active: input.active ?? true })
    .returning();
  return scriptView(row!);
}

export async function editScript(tx: Tx, id: string, input: Partial<ScriptInput>) {
  await findScript(tx, id);
  await checkScriptRefs(tx, input);
  const [row] = await tx
    .update(scripts)
    .set({
      ...(input.roleKey !== undefined ? { roleKey: input.roleKey } : {}),
      ...(input.categoryId !== undefined ? { categoryId: input.categoryId } : {}),
      ...(input.situation !== undefined ? { situation: input.situation || null } : {}),
      ...(input.language !== undefined ? { language: input.language } : {}),
      ...(input.title !== undefined ? { title: input.title } : {}),
      ...(input.body !== undefined ? { body: input.body } : {}),
      ...(input.active !== undefined ? { active: input.active } : {}),
      updatedAt: new Date(),
    })
    .where(eq(scripts.id, id))
    .returning();
  return scriptView(row!);
}

/** A used script is retired (its count is history); an unused one is deleted. */
export async function removeScript(tx: Tx, id: string) {
  const s = await findScript(tx, id);
  if (s.uses > 0) {
    const [row] = await tx.update(scripts).set({ active: false, updatedAt: new Date() }).where(eq(scripts.id, id)).returning();
    return { deleted: false, script: scriptView(row!) };
  }
  await tx.delete(scripts).where(eq(scripts.id, id));
  return { deleted: true, script: scriptView({ ...s, active: false }) };
}

/**
 * Scripts for the composer and the playbook guide: those of the case's language (or the one
 * asked), for the role asked or every role, for the case's category or every category; the
 * most specific (role and category both match) first, then the most used.
 */
export async function listScripts(q: Queryable, opts: { caseId?: string; language?: string; roleKey?: string; categoryId?: string; all?: boolean; limit: number }) {
  let language = opts.language;
  let categoryId = opts.categoryId;
  if (opts.caseId) {
    const [c] = isUuid(opts.caseId) ? await q.select({ language: cases.language, categoryId: cases.categoryId }).from(cases).where(eq(cases.id, opts.caseId)) : [];
    if (!c) throw new AppError('CASE_NOT_FOUND', 'no such case');
    language ??= c.language;
    categoryId ??= c.categoryId ?? undefined;
  }
  const matching = opts.caseId || opts.roleKey || categoryId;
  const rows = await q
    .select()
    .from(scripts)
    .where(
      and(
        opts.all ? undefined : eq(scripts.active, true),
        language ? eq(scripts.language, language) : undefined,
        matching && opts.roleKey ? or(isNull(scripts.roleKey), eq(scripts.roleKey, opts.roleKey)) : undefined,
        matching && categoryId && isUuid(categoryId) ? or(isNull(scripts.categoryId), eq(scripts.categoryId, categoryId)) : matching ? isNull(scripts.categoryId) : undefined,
      ),
    )
    .orderBy(
      desc(sql`(${scripts.roleKey} is not null)::int + (${scripts.categoryId} is not null)::int`),
      desc(scripts.uses),
      asc(scripts.title),
    )
    .limit(opts.limit);
  return { items: rows.map(scriptView) };
}

/** Counts one use of a script (the composer inserted it, the guide showed it was read). */
export async function recordScriptUse(tx: Tx, id: string) {
  await findScript(tx, id);
  const [row] = await tx.update(scripts).set({ uses: sql`${scripts.uses} + 1`, lastUsedAt: new Date() }).where(eq(scripts.id, id)).returning();
  return scriptView(row!);
}
