// Staff accounts (agent, supervisor, head, admin): add, update, list, and the
// record of praise each person earned.

import { eq, sql } from 'drizzle-orm';
import { users } from '../db/schema.ts';
import { queryRows, type Queryable, type Tx } from '../db/client.ts';
import { newId } from '../db/ids.ts';
import { AppError } from '../domain/errors.ts';
import type { Role } from '../domain/authority.ts';
import { hashPassword } from './passwords.ts';
import { forgetStaff } from '../cases/choose-owner.ts';
import { forgetSignIns } from './auth-cache.ts';
import { handOverCases } from '../cases/hand-over-cases.ts';
import type { Actor } from '../context.ts';
import { recordAudit, type AuditContext } from '../audit/record-audit.ts';
import { isUuid } from '../cases/case-store.ts';

export interface StaffUser {
  id: string;
  email: string;
  name: string;
  role: Role;
  kind: string;
  languages: string[];
  locale: string;
  active: boolean;
  /** A scoped API token may do only these things, whatever its role (null: what the role may). */
  scopes?: string[] | null;
}

export const publicCols = {
  id: users.id,
  email: users.email,
  name: users.name,
  role: users.role,
  kind: users.kind,
  languages: users.languages,
  locale: users.locale,
  active: users.active,
};

export interface AddUserInput {
  email: string;
  name: string;
  role: Role;
  password?: string | null;
  languages?: string[];
  locale?: string;
  kind?: 'person' | 'service';
}

export async function addUser(q: Queryable, input: AddUserInput): Promise<StaffUser> {
  const [row] = await q
    .insert(users)
    .values({
      id: newId(),
      email: input.email.trim(),
      name: input.name.trim(),
      role: input.role,
      kind: input.kind ?? 'person',
      passwordHash: input.password ? await hashPassword(input.password) : null,
      languages: input.languages ?? [],
      locale: input.locale ?? 'en',
    })
    .onConflictDoNothing()
    .returning(publicCols);
  if (!row) throw new AppError('DUPLICATE', `a user with email ${input.email} exists`, { email: input.email });
  forgetStaff();
  return row as StaffUser;
}

export interface UpdateUserInput {
  name?: string;
  role?: Role;
  active?: boolean;
  languages?: string[];
}

/**
 * Changes a person's name, role, languages or whether they may sign in.
 * Deactivation takes effect at once (sessions and tokens check `active`).
 * Deactivation hands the person's open cases to colleagues by the owner rules (P-2.4).
 * An admin cannot demote or deactivate themselves: someone must be left to undo it.
 */
export async function updateUser(q: Tx, actor: Actor, id: string, input: UpdateUserInput, opts: { audit?: AuditContext } = {}): Promise<StaffUser> {
  if (!isUuid(id)) throw new AppError('USER_NOT_FOUND', 'no such user');
  const actorId = actor.type === 'user' ? actor.id : null;
  if (actorId === id && ((input.role && input.role !== 'admin') || input.active === false)) {
    throw new AppError('SELF_LOCKOUT', 'you cannot demote or deactivate yourself; ask another admin');
  }
  const [before] = opts.audit ? await q.select(publicCols).from(users).where(eq(users.id, id)) : [];
  const set: Partial<typeof users.$inferInsert> = {};
  if (input.name !== undefined) set.name = input.name.trim();
  if (input.role !== undefined) set.role = input.role;
  if (input.active !== undefined) set.active = input.active;
  if (input.languages !== undefined) set.languages = input.languages;
  const [row] = Object.keys(set).length
    ? await q.update(users).set(set).where(eq(users.id, id)).returning(publicCols)
    : await q.select(publicCols).from(users).where(eq(users.id, id));
  if (!row) throw new AppError('USER_NOT_FOUND', 'no such user');
  forgetStaff();
  // Sessions and tokens of this process learn it now (the route forgets again after commit).
  forgetSignIns();
  // P-2.4: a person who leaves hands every open case on, in this transaction.
  if (input.active === false) await handOverCases(q, actor, { fromUserId: row.id, reason: 'previous owner deactivated' });
  if (opts.audit) {
    const action = input.active === false && before?.active ? 'user.deactivate' : input.role && input.role !== before?.role ? 'user.role_change' : 'user.update';
    await recordAudit(q, opts.audit, { action, targetType: 'user', targetId: row.id, before, after: row });
  }
  return row as StaffUser;
}

export async function listUsers(q: Queryable): Promise<StaffUser[]> {
  return (await q.select(publicCols).from(users).orderBy(users.name)) as StaffUser[];
}

/** What each person's record shows (P-2.11 promises kept and broken, P-4.8 praise), one query for all. */
export interface StaffRecord {
  openCases: number;
  promises: { open: number; kept: number; broken: number };
  praise: number;
  ratings: { count: number; average: number | null };
}

export async function staffRecords(q: Queryable): Promise<Map<string, StaffRecord>> {
  const rows = await queryRows<{ id: string; open_cases: number; p_open: number; p_kept: number; p_broken: number; praise: number; rated: number; avg: number | null }>(
    q,
    sql`select u.id,
      (select count(*) from cases c where c.owner_id = u.id and c.status in ('new','acknowledged','understood','resolving'))::int as open_cases,
      (select count(*) from commitments m where m.owner_id = u.id and m.status = 'open')::int as p_open,
      (select count(*) from commitments m where m.owner_id = u.id and m.status = 'kept')::int as p_kept,
      (select count(*) from commitments m where m.owner_id = u.id and m.status = 'broken')::int as p_broken,
      (select count(*) from ratings r where r.praised_user_id = u.id)::int as praise,
      (select count(*) from ratings r join cases c on c.id = r.case_id where c.owner_id = u.id)::int as rated,
      (select avg(r.score)::float8 from ratings r join cases c on c.id = r.case_id where c.owner_id = u.id) as avg
    from users u where u.kind = 'person'`,
  );
  return new Map(
    rows.map((r) => [
      r.id,
      {
        openCases: r.open_cases,
        promises: { open: r.p_open, kept: r.p_kept, broken: r.p_broken },
        praise: r.praise,
        ratings: { count: r.rated, average: r.avg === null ? null : Math.round(r.avg * 100) / 100 },
      },
    ]),
  );
}

