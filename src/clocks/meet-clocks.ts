// Case clocks: met when their event happens (the acknowledgement, the first personal
// reply, the resolution); the case's next deadline is kept for the queue's sort.

import { sql, type SQL } from 'drizzle-orm';
import { queryText, type Tx } from '../db/client.ts';
import type { MeetsOn } from '../domain/clock-policy.ts';

/**
 * Stops the case's clocks that this event meets: running ones become met (with
 * an event); breached ones stay breached, the record, but no longer press. One
 * statement (fixed SQL text): the stop, the met clocks' events, and the case's next
 * deadline, recomputed only when a clock stopped (from the clocks still pressing:
 * the stopped ones are left out, since the statement sees the clocks as before it).
 */
export async function meetClocks(tx: Tx, caseId: string, events: MeetsOn[]): Promise<void> {
  await queryText(tx, MEET_CLOCKS, [caseId, events, new Date().toISOString()]);
}

const PRESSING = `(c.status = 'running' or (c.status = 'breached' and c.stopped_at is null))`;
const MEET_CLOCKS = `with s as (
    update clocks c set status = case when c.status = 'running' then 'met' else c.status end, stopped_at = $3::timestamptz
    where c.case_id = $1 and c.meets_on = any($2::text[]) and ${PRESSING}
    returning c.id, c.kind, c.due_at, c.status
  ), e as (
    insert into case_events (case_id, type, actor_type, actor_id, data)
    select $1, 'clock_met', 'system', null,
      jsonb_build_object('clockId', s.id, 'kind', s.kind, 'dueAt', to_char(s.due_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))
    from s where s.status = 'met' order by s.due_at, s.id
  )
  update cases k set next_due_at = (
    select min(c.due_at) from clocks c where c.case_id = k.id and ${PRESSING} and c.id not in (select id from s)
  )
  where k.id = $1 and exists (select 1 from s)`;

/**
 * meetClocks inside a case move's own statement (moveCase's `later`): `nextDueAt` is the
 * case's next deadline as a value for the move's UPDATE of the case (one write of the case
 * row, not two), `ctes` the stop and the met clocks' events (CTEs mc_stop, mc_met). The
 * same effect as meetClocks: the deadline changes only when a clock stops, and then to the
 * earliest of the clocks still pressing that this event does not meet.
 */
export function meetClocksInMove(caseId: string, events: MeetsOn[], now: Date): { nextDueAt: SQL; ctes: SQL } {
  const on = sql.join(events.map((e) => sql`${e}`), sql`, `);
  // The events as literals (names from clock-policy, quoted): the deadline's SQL has no
  // parameters, so the move's UPDATE is built once for it (case-store.ts moveStatement).
  const literal = events.map((e) => `'${e.replace(/'/g, "''")}'`).join(', ');
  return {
    nextDueAt: sql.raw(`case when exists (select 1 from clocks c where c.case_id = "cases"."id" and c.meets_on in (${literal}) and ${PRESSING})
      then (select min(c.due_at) from clocks c where c.case_id = "cases"."id" and ${PRESSING} and c.meets_on not in (${literal}))
      else "cases"."next_due_at" end`),
    ctes: sql`mc_stop as (
      update clocks c set status = case when c.status = 'running' then 'met' else c.status end, stopped_at = ${now.toISOString()}::timestamptz
      where c.case_id = ${caseId}::uuid and c.meets_on in (${on}) and ${sql.raw(PRESSING)}
      returning c.id, c.kind, c.due_at, c.status
    ), mc_met as (
      insert into case_events (case_id, type, actor_type, actor_id, data)
      select ${caseId}::uuid, 'clock_met', 'system', null,
        jsonb_build_object('clockId', s.id, 'kind', s.kind, 'dueAt', to_char(s.due_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))
      from mc_stop s where s.status = 'met' order by s.due_at, s.id
    )`,
  };
}

function nextDueUpdate(caseId: string) {
  return sql`
    update cases k set next_due_at = (
      select min(c.due_at) from clocks c
      where c.case_id = k.id and (c.status = 'running' or (c.status = 'breached' and c.stopped_at is null))
    )
    where k.id = ${caseId}`;
}

/** The queue's "nearest to breach": the earliest due time of the case's running or breached, unmet clocks. */
export async function refreshNextDue(tx: Tx, caseId: string): Promise<void> {
  await tx.execute(nextDueUpdate(caseId));
}

