// Survey answers for the desk: detractors first (they are the dissatisfied
// speaking up, P-1.1), then newest first; keyset paged on that order.
import { sql } from 'drizzle-orm';
import { queryRows, type Queryable } from '../../db/client.ts';
import { formatCaseNumber } from '../../domain/case-lifecycle.ts';
import { AppError } from '../../domain/errors.ts';

interface Row {
  id: string;
  source: string;
  kind: 'csat' | 'nps';
  score: number;
  comment: string | null;
  detractor: boolean;
  responded_at: Date | string;
  customer_id: string | null;
  customer_name: string | null;
  case_id: string | null;
  case_number: number | null;
  case_status: string | null;
}

/** The cursor is the last row's place in the order: detractor flag, answer time, id. */
function parseCursor(cursor: string): { d: boolean; at: Date; id: string } {
  const m = /^([01])_(\d{1,16})_([0-9a-f-]{36})$/.exec(cursor);
  if (!m) throw new AppError('VALIDATION_FAILED', 'cursor is not one this list gave');
  return { d: m[1] === '1', at: new Date(Number(m[2])), id: m[3]! };
}

/** One page of survey answers, detractors first; optionally only detractors or only the others. */
export async function listSurveys(q: Queryable, input: { detractor?: boolean; cursor?: string; limit: number }) {
  const after = input.cursor ? parseCursor(input.cursor) : null;
  const rows = await queryRows<Row>(
    q,
    sql`select s.id, s.source, s.kind, s.score, s.comment, s.detractor, s.responded_at, s.customer_id, cu.name as customer_name,
               s.case_id, c.number as case_number, c.status as case_status
          from survey_responses s
          left join customers cu on cu.id = s.customer_id
          left join cases c on c.id = s.case_id
         where true
           ${input.detractor === undefined ? sql`` : sql`and s.detractor = ${input.detractor}`}
           ${after ? sql`and (s.detractor::int, s.responded_at, s.id) < (${after.d ? 1 : 0}, ${after.at.toISOString()}::timestamptz, ${after.id}::uuid)` : sql``}
         order by s.detractor::int desc, s.responded_at desc, s.id desc
         limit ${input.limit + 1}`,
  );
  const page = rows.slice(0, input.limit);
  const last = page.at(-1);
  return {
    items: page.map((r) => ({
      id: r.id,
      source: r.source,
      kind: r.kind,
      score: Number(r.score),
      comment: r.comment,
      detractor: r.detractor,
      respondedAt: new Date(r.responded_at).toISOString(),
      customer: r.customer_id ? { id: r.customer_id, name: r.customer_name } : null,
      caseId: r.case_id,
      caseNumber: r.case_number !== null ? formatCaseNumber(Number(r.case_number)) : null,
      caseStatus: r.case_status,
    })),
    nextCursor: rows.length > input.limit && last ? `${last.detractor ? 1 : 0}_${new Date(last.responded_at).getTime()}_${last.id}` : null,
  };
}
