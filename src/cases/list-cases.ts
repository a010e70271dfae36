// The queue: filters and keyset (cursor) paging over an index, so a page
// costs the same at case 1,000,000 as at case 10. Most urgent, then oldest.
import { and, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { caseParticipants, cases, customerContacts, customers } from '../db/schema.ts';
import { queryText, statementName, type Queryable } from '../db/client.ts';
import { AppError } from '../domain/errors.ts';
import { formatCaseNumber, parseCaseNumber, priorityName, priorityRank, type Priority } from '../domain/case-lifecycle.ts';
import { normaliseEmail, normalisePhone } from '../customers/identify-customer.ts';
import { isUuid } from './case-store.ts';

export interface ListCasesInput {
  status?: string[];
  ownerId?: string;
  priority?: Priority[];
  channel?: string[];
  language?: string[];
  customerId?: string;
  /** Cases this user owns or was brought into (P-2.7). */
  involving?: string;
  q?: string;
  sort?: QueueSort;
  cursor?: string;
  limit: number;
}

export type QueueSort = 'priority' | 'oldest' | 'newest' | 'deadline' | 'dissatisfaction' | 'churn';

/** Where the previous page ended, in the order's own terms (opaque to clients). */
type Key =
  | { s: 'priority'; p: number; at: string; id: string }
  | { s: 'oldest' | 'newest'; at: string; id: string }
  | { s: 'deadline'; due: string | null; id: string }
  | { s: 'dissatisfaction'; score: number; id: string }
  | { s: 'churn'; risk: number; id: string };

function encode(k: Key): string {
  return Buffer.from(JSON.stringify(k)).toString('base64url');
}

const isDate = (v: unknown) => typeof v === 'string' && !Number.isNaN(Date.parse(v));

function decode(c: string, sort: QueueSort): Key {
  let k: Record<string, unknown> | null = null;
  try {
    k = JSON.parse(Buffer.from(c, 'base64url').toString()) as Record<string, unknown>;
  } catch {
    // fall through
  }
  const ok =
    k !== null &&
    typeof k === 'object' &&
    k.s === sort &&
    typeof k.id === 'string' &&
    isUuid(k.id) &&
    (sort === 'priority'
      ? typeof k.p === 'number' && isDate(k.at)
      : sort === 'deadline'
        ? k.due === null || isDate(k.due)
        : sort === 'dissatisfaction'
          ? typeof k.score === 'number' && Number.isFinite(k.score)
          : sort === 'churn'
            ? typeof k.risk === 'number' && Number.isFinite(k.risk)
            : isDate(k.at));
  if (!ok) throw new AppError('INVALID_CURSOR', 'the cursor is not one this API gave out (for this sort)');
  return k as Key;
}

export async function listCases(q: Queryable, input: ListCasesInput) {
  const where: SQL[] = [];
  if (input.status?.length) where.push(inArray(cases.status, input.status));
  if (input.ownerId) where.push(eq(cases.ownerId, input.ownerId));
  if (input.priority?.length) where.push(inArray(cases.priority, input.priority.map(priorityRank)));
  if (input.channel?.length) where.push(inArray(cases.channel, input.channel));
  if (input.language?.length) where.push(inArray(cases.language, input.language));
  if (input.customerId) where.push(eq(cases.customerId, input.customerId));
  const text = input.q?.trim();
  let byNumber = false;
  if (text) {
    const number = parseCaseNumber(text);
    if (number !== null && /^\s*c-?\d+\s*$/i.test(text)) {
      where.push(eq(cases.number, number));
      byNumber = true;
    } else {
      // An email or phone finds the customer's cases; other text the subject or name.
      const contact = text.includes('@') ? normaliseEmail(text) : /^[+\d][\d\s().-]{5,}$/.test(text) ? normalisePhone(text) : null;
      const pattern = `%${text.replace(/[\\%_]/g, (m) => `\\${m}`)}%`;
      where.push(
        contact
          ? inArray(cases.customerId, q.select({ id: customerContacts.customerId }).from(customerContacts).where(eq(customerContacts.value, contact)))
          : sql`(${cases.subject} ilike ${pattern} or ${cases.customerId} in (select ${customers.id} from ${customers} where ${customers.name} ilike ${pattern})${number !== null ? sql` or ${cases.number} = ${number}` : sql``})`,
      );
    }
  }
  const sort: QueueSort = input.sort ?? 'priority';
  // A case looked up by its number and nothing else (the desk's search box, integrations): one
  // row by a unique index, whatever the sort. Fixed SQL text (queryText): nothing built per call.
  if (byNumber && where.length === 1 && !input.cursor && !input.involving) {
    const rows = await queryText<ByNumberRow>(q, BY_NUMBER, [parseCaseNumber(text!), input.limit + 1]);
    return pageOf(
      sort,
      input.limit,
      rows.map((r) => ({
        id: r.id,
        number: Number(r.number),
        status: r.status,
        priority: r.priority,
        channel: r.channel,
        language: r.language,
        subject: r.subject,
        ownerId: r.owner_id,
        customerId: r.customer_id,
        customerName: r.customer_name,
        score: r.score,
        intensity: r.intensity,
        createdAt: timestamp(r.created_at)!,
        updatedAt: timestamp(r.updated_at)!,
        nextDueAt: timestamp(r.next_due_at),
        churnRisk: r.churn_risk,
      })),
    );
  }
  // Expressions the indexes are built on (cases_deadline_idx, cases_score_idx).
  const due = sql`coalesce(${cases.nextDueAt}, 'infinity'::timestamptz)`;
  const negScore = sql`(-coalesce(${cases.score}, -1))`;
  // cases_churn_idx: highest churn risk first, unestimated last.
  const negChurn = sql`(-coalesce(${cases.churnRisk}, -1))`;
  let after: SQL | undefined;
  let priorityKey: Extract<Key, { s: 'priority' }> | undefined;
  if (input.cursor) {
    const k = decode(input.cursor, sort);
    if (k.s === 'priority') {
      priorityKey = k;
      after = sql`(-${cases.priority}, ${cases.createdAt}, ${cases.id}) > (${-k.p}, ${new Date(k.at)}, ${k.id})`;
    }
    else if (k.s === 'oldest') after = sql`(${cases.createdAt}, ${cases.id}) > (${new Date(k.at)}, ${k.id})`;
    else if (k.s === 'newest') after = sql`(${cases.createdAt}, ${cases.id}) < (${new Date(k.at)}, ${k.id})`;
    else if (k.s === 'deadline') after = sql`(${due}, ${cases.id}) > (${k.due ?? 'infinity'}::timestamptz, ${k.id})`;
    else if (k.s === 'churn') after = sql`(${negChurn}, ${cases.id}) > (${-k.risk}::real, ${k.id})`;
    else after = sql`(${negScore}, ${cases.id}) > (${-(k as { score: number }).score}::real, ${k.id})`;
  }
  const order =
    sort === 'priority'
      ? [sql`(-${cases.priority}) asc`, sql`${cases.createdAt} asc`, sql`${cases.id} asc`]
      : sort === 'oldest'
        ? [sql`${cases.createdAt} asc`, sql`${cases.id} asc`]
        : sort === 'newest'
          ? [sql`${cases.createdAt} desc`, sql`${cases.id} desc`]
          : sort === 'deadline'
            ? [sql`${due} asc`, sql`${cases.id} asc`]
            : sort === 'churn'
              ? [sql`${negChurn} asc`, sql`${cases.id} asc`]
              : [sql`${negScore} asc`, sql`${cases.id} asc`];
  // "Owner is me OR I was brought in" and "one of these statuses" stop an index from giving the
  // order: PostgreSQL would walk the whole queue in order and filter (seconds at 10M cases). Split
  // into branches whose order an index serves (one per status under the priority sort; the owned
  // and the joined cases apart), each at most a page long; the page is then cut from their union.
  const branches = queueBranches(input, sort, priorityKey);
  const filter =
    branches.length === 0
      ? [...where, ...(after ? [after] : [])]
      : [sql`${cases.id} in (${sql.join(
          branches.map((b) =>
            b.fenced
              ? // Found first (OFFSET 0 keeps the planner from walking the queue's index instead), then ordered.
                sql`(select ${cases.id} from (select * from ${cases} where ${and(...where, b.where)} offset 0) as ${cases} where ${after ?? sql`true`} order by ${sql.join(order, sql`, `)} limit ${input.limit + 1})`
              : sql`(select ${cases.id} from ${cases} where ${and(...where, b.where, b.after ?? after)} order by ${sql.join(order, sql`, `)} limit ${input.limit + 1})`,
          ),
          sql` union all `,
        )})`];
  const query = q
    .select({
      id: cases.id,
      number: cases.number,
      status: cases.status,
      priority: cases.priority,
      channel: cases.channel,
      language: cases.language,
      subject: cases.subject,
      ownerId: cases.ownerId,
      customerId: cases.customerId,
      customerName: customers.name,
      score: cases.score,
      intensity: cases.intensity,
      createdAt: cases.createdAt,
      updatedAt: cases.updatedAt,
      nextDueAt: cases.nextDueAt,
      churnRisk: cases.churnRisk,
    })
    .from(cases)
    .innerJoin(customers, eq(customers.id, cases.customerId))
    .where(filter.length ? and(...filter) : undefined)
    .orderBy(...order)
    .limit(input.limit + 1);
  // A case looked up by its number (the desk's search box, integrations) is one row by a
  // unique index whatever the values: its text is prepared once per connection and its plan
  // kept. Other queue queries are planned per call, for the values they carry.
  const name = byNumber ? statementName(query.toSQL().sql) : undefined;
  return pageOf(sort, input.limit, name ? await query.prepare(name).execute() : await query);
}

type ListRow = {
  id: string;
  number: number;
  status: string;
  priority: number;
  channel: string;
  language: string;
  subject: string | null;
  ownerId: string | null;
  customerId: string;
  customerName: string | null;
  score: number | null;
  intensity: number | null;
  createdAt: Date;
  updatedAt: Date;
  nextDueAt: Date | null;
  churnRisk: number | null;
};

/** The page and the cursor after it, from up to limit + 1 rows. */
function pageOf(sort: QueueSort, limit: number, rows: ListRow[]) {
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    items: page.map((r) => ({
      id: r.id,
      number: formatCaseNumber(r.number),
      status: r.status,
      priority: priorityName(r.priority),
      channel: r.channel,
      language: r.language,
      subject: r.subject,
      ownerId: r.ownerId,
      customer: { id: r.customerId, name: r.customerName },
      dissatisfaction: r.score === null ? null : { score: r.score, intensity: r.intensity },
      createdAt: r.createdAt.toISOString(),
      updatedAt: r.updatedAt.toISOString(),
      nextDueAt: r.nextDueAt?.toISOString() ?? null,
      churnRisk: r.churnRisk,
    })),
    nextCursor: rows.length > limit && last ? encode(keyOf(sort, last)) : null,
  };
}

interface ByNumberRow {
  id: string;
  number: number | string;
  status: string;
  priority: number;
  channel: string;
  language: string;
  subject: string | null;
  owner_id: string | null;
  customer_id: string;
  customer_name: string | null;
  score: number | null;
  intensity: number | null;
  created_at: string | Date;
  updated_at: string | Date;
  next_due_at: string | Date | null;
  churn_risk: number | null;
}

// Timestamps arrive as PostgreSQL's text through Drizzle's node-postgres driver (as Dates from
// PGlite): read as Drizzle's own timestamp column reads them.
const timestamp = (v: string | Date | null) => (v === null ? null : v instanceof Date ? v : new Date(v));

const BY_NUMBER = `select c.id, c.number, c.status, c.priority, c.channel, c.language, c.subject, c.owner_id, c.customer_id, x.name as customer_name,
    c.dissatisfaction_score as score, c.intensity, c.created_at, c.updated_at, c.next_due_at, c.churn_risk
  from cases c join customers x on x.id = c.customer_id where c.number = $1 limit $2`;

function keyOf(sort: QueueSort, r: { id: string; priority: number; createdAt: Date; nextDueAt: Date | null; score: number | null; churnRisk: number | null }): Key {
  if (sort === 'churn') return { s: sort, risk: r.churnRisk ?? -1, id: r.id };
  if (sort === 'priority') return { s: sort, p: r.priority, at: r.createdAt.toISOString(), id: r.id };
  if (sort === 'deadline') return { s: sort, due: r.nextDueAt?.toISOString() ?? null, id: r.id };
  if (sort === 'dissatisfaction') return { s: sort, score: r.score ?? -1, id: r.id };
  return { s: sort, at: r.createdAt.toISOString(), id: r.id };
}

/**
 * The queue's OR and IN filters as branches an index can serve in order ([] when one query is
 * best). Under the priority sort a branch's cursor names its index's leading columns too: with
 * only (-priority, created_at, id) PostgreSQL walks cases_queue_idx from the cursor, and a branch
 * with no rows (no case of mine in this status) would read the rest of the index.
 */
function queueBranches(input: ListCasesInput, sort: QueueSort, key: Extract<Key, { s: 'priority' }> | undefined): { where: SQL; after?: SQL; fenced?: boolean }[] {
  const me = input.involving;
  const statuses = sort === 'priority' && input.status?.length ? input.status : [undefined];
  if ((me ? 2 : 1) * statuses.length === 1) return [];
  const rest = key ? sql`${-key.p}, ${new Date(key.at)}, ${key.id}` : undefined;
  const out: { where: SQL; after?: SQL; fenced?: boolean }[] = [];
  for (const status of statuses) {
    const st = status === undefined ? undefined : eq(cases.status, status);
    if (me) {
      // cases_owner_queue_idx (owner_id, status, -priority, created_at, id)
      out.push({
        where: and(eq(cases.ownerId, me), st)!,
        after: rest && status !== undefined ? sql`(${cases.ownerId}, ${cases.status}, -${cases.priority}, ${cases.createdAt}, ${cases.id}) > (${me}, ${status}, ${rest})` : undefined,
      });
      // The cases I joined: few, found by case_participants_user_idx and then by primary key.
      out.push({
        where: and(sql`${cases.id} in (select ${caseParticipants.caseId} from ${caseParticipants} where ${caseParticipants.userId} = ${me})`, sql`${cases.ownerId} is distinct from ${me}`, st)!,
        fenced: true,
      });
    } else {
      // cases_status_queue_idx (status, -priority, created_at, id)
      out.push({ where: st!, after: rest ? sql`(${cases.status}, -${cases.priority}, ${cases.createdAt}, ${cases.id}) > (${status}, ${rest})` : undefined });
    }
  }
  return out;
}
