// P-2.4: a case always has one named owner, never nobody. The simple rule:
// round robin (by case number) over active agents who speak the case's
// language, else all agents, else supervisors, heads, admins in that order.
import { and, eq } from 'drizzle-orm';
import { users } from '../db/schema.ts';
import type { Queryable } from '../db/client.ts';

export interface Owner {
  id: string;
  name: string;
}

export interface StaffRow {
  id: string;
  name: string;
  role: string;
  languages: string[];
  supervisorId: string | null;
}

const FALLBACK = ['supervisor', 'head', 'admin'] as const;
const TTL_MS = 2000;
// Intake runs a thousand times a second; the staff list changes rarely. A
// short cache per database handle saves a query per complaint; a new or
// deactivated user counts in the rotation within TTL_MS.
const cache = new WeakMap<object, { at: number; generation: number; staff: StaffRow[] }>();
let generation = 0;

export async function activeStaff(q: Queryable, key: object = q): Promise<StaffRow[]> {
  const hit = cache.get(key);
  if (hit && hit.generation === generation && Date.now() - hit.at < TTL_MS) return hit.staff;
  const staff = await q
    .select({ id: users.id, name: users.name, role: users.role, languages: users.languages, supervisorId: users.supervisorId })
    .from(users)
    .where(and(eq(users.active, true), eq(users.kind, 'person')))
    .orderBy(users.id);
  cache.set(key, { at: Date.now(), generation, staff });
  return staff;
}

/** Forgets every cached staff list (after users change in this process). */
export function forgetStaff(): void {
  generation++;
}

export function pickOwner(staff: StaffRow[], language: string, caseNumber: number): Owner | null {
  const agents = staff.filter((u) => u.role === 'agent');
  const speakers = agents.filter((u) => u.languages.includes(language));
  let pool = speakers.length ? speakers : agents;
  for (const role of FALLBACK) {
    if (pool.length) break;
    pool = staff.filter((u) => u.role === role);
  }
  if (!pool.length) return null;
  const pick = pool[caseNumber % pool.length]!;
  return { id: pick.id, name: pick.name };
}
