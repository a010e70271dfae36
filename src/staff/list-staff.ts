// Staff with their record (P-2.11 promises, P-4.8 praise, ratings): the
// settings page and the owner pickers read it.
import type { Queryable } from '../db/client.ts';
import { listUsers, staffRecords } from './users.ts';

/** Every staff account by name, each with its record (null for integrations). */
export async function listStaff(q: Queryable) {
  const [list, records] = [await listUsers(q), await staffRecords(q)];
  return list.map((u) => ({ ...u, record: records.get(u.id) ?? null }));
}
