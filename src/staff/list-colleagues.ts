// The staff directory every desk role may read: who the colleagues are (names, roles,
// languages), for owner names in the queue and the reassign list — never their records.
import type { Queryable } from '../db/client.ts';
import { listUsers } from './users.ts';

/** People on staff (not integrations), by name, with only what a colleague needs to know. */
export async function listColleagues(q: Queryable) {
  return (await listUsers(q))
    .filter((u) => u.kind === 'person')
    .map((u) => ({ id: u.id, name: u.name, role: u.role, languages: u.languages, active: u.active }));
}
