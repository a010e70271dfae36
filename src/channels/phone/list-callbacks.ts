// The callbacks to make (P-1.4): every open phone case a missed, dropped or
// voicemail call opened, with the caller's number, the last such call and the
// callback clock, the nearest due first — the agent's list of people to ring.
import { sql } from 'drizzle-orm';
import { queryRows, type Queryable } from '../../db/client.ts';
import { OPEN_STATUSES, formatCaseNumber, priorityName } from '../../domain/case-lifecycle.ts';

const CALLBACK_CLOCKS = ['missed-call-callback', 'dropped-call-callback'];

interface Row {
  case_id: string;
  number: number;
  status: string;
  priority: number;
  subject: string | null;
  customer_id: string | null;
  customer_name: string | null;
  event: string;
  from_number: string;
  at: Date | string;
  rings: number | null;
  duration_seconds: number | null;
  recording_url: string | null;
  calls: number;
  clock_kind: string | null;
  due_at: Date | string | null;
  clock_status: string | null;
}

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

/** Open callback cases, the nearest callback deadline first (a met clock after the running ones). */
export async function listCallbacks(q: Queryable, input: { limit: number }) {
  const rows = await queryRows<Row>(
    q,
    sql`select c.id as case_id, c.number, c.status, c.priority, c.subject, c.customer_id, cu.name as customer_name,
               e.event, e.from_number, e.at, e.rings, e.duration_seconds, e.recording_url, e.calls,
               k.kind as clock_kind, k.due_at, k.status as clock_status
          from cases c
          join lateral (
            select ce.event, ce.from_number, ce.at, ce.rings, ce.duration_seconds, ce.recording_url, count(*) over ()::int as calls
              from call_events ce
             where ce.case_id = c.id and ce.event in ('missed', 'dropped', 'voicemail')
             order by ce.at desc limit 1) e on true
          left join lateral (
            select kind, due_at, status from clocks
             where case_id = c.id and kind in (${sql.join(CALLBACK_CLOCKS.map((k) => sql`${k}`), sql`, `)})
             order by (status = 'running') desc, due_at limit 1) k on true
          left join customers cu on cu.id = c.customer_id
         where c.channel = 'phone' and c.status in (${sql.join(OPEN_STATUSES.map((s) => sql`${s}`), sql`, `)})
         order by (k.status = 'running') desc nulls last, k.due_at nulls last, c.id
         limit ${input.limit}`,
  );
  return {
    items: rows.map((r) => ({
      caseId: r.case_id,
      caseNumber: formatCaseNumber(Number(r.number)),
      status: r.status,
      priority: priorityName(Number(r.priority)),
      subject: r.subject,
      customer: r.customer_id ? { id: r.customer_id, name: r.customer_name } : null,
      number: r.from_number,
      event: r.event as 'missed' | 'dropped' | 'voicemail',
      at: iso(r.at)!,
      rings: r.rings,
      durationSeconds: r.duration_seconds,
      recordingUrl: r.recording_url,
      calls: Number(r.calls),
      clock: r.clock_kind ? { kind: r.clock_kind, dueAt: iso(r.due_at)!, status: r.clock_status! } : null,
    })),
  };
}
