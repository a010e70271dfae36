// The queue: filters and keyset (cursor) paging over an index, so a page
// costs the same at case 1,000,000 as at case 10. Most urgent, then oldest.
import { and, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { caseParticipants, cases, customerContacts, customers } from '../db/schema.ts';
import type { Queryable } from '../db/client.ts';
import { AppError } from '../domain/errors.ts';
import { formatCaseNumber, parseCaseNumber, priorityName, priorityRank, type Priority } from '../domain/case-lifecycle.ts';
import { normaliseEmail, normalisePhone } from './identify-customer.ts';

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
  sort?: 'priority' | 'oldest' | 'newest';
  cursor?: string;
  limit: number;
}

type Key = [number, string, string]; // priority, createdAt ISO, id

function encode(k: Key): string {
  return Buffer.from(JSON.stringify(k)).toString('base64url');
}

function decode(c: string): Key {
  try {
    const k = JSON.parse(Buffer.from(c, 'base64url').toString()) as unknown;
    if (Array.isArray(k) && k.length === 3 && typeof k[0] === 'number' && typeof k[1] === 'string' && typeof k[2] === 'string' && !Number.isNaN(Date.parse(k[1]))) {
      return k as Key;
    }
  } catch {
    // fall through
  }
  throw new AppError('INVALID_CURSOR', 'the cursor is not one this API gave out');
}

export async function listCases(q: Queryable, input: ListCasesInput) {
  const where: SQL[] = [];
  if (input.status?.length) where.push(inArray(cases.status, input.status));
  if (input.ownerId) where.push(eq(cases.ownerId, input.ownerId));
  if (input.priority?.length) where.push(inArray(cases.priority, input.priority.map(priorityRank)));
  if (input.channel?.length) where.push(inArray(cases.channel, input.channel));
  if (input.language?.length) where.push(inArray(cases.language, input.language));
  if (input.customerId) where.push(eq(cases.customerId, input.customerId));
  if (input.involving) {
    where.push(
      sql`(${cases.ownerId} = ${input.involving} or ${cases.id} in (select ${caseParticipants.caseId} from ${caseParticipants} where ${caseParticipants.userId} = ${input.involving}))`,
    );
  }
  const text = input.q?.trim();
  if (text) {
    const number = parseCaseNumber(text);
    if (number !== null && /^\s*c-?\d+\s*$/i.test(text)) {
      where.push(eq(cases.number, number));
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
  const sort = input.sort ?? 'priority';
  if (input.cursor) {
    const [p, at, id] = decode(input.cursor);
    const t = new Date(at);
    if (sort === 'priority') where.push(sql`(-${cases.priority}, ${cases.createdAt}, ${cases.id}) > (${-p}, ${t}, ${id})`);
    else if (sort === 'oldest') where.push(sql`(${cases.createdAt}, ${cases.id}) > (${t}, ${id})`);
    else where.push(sql`(${cases.createdAt}, ${cases.id}) < (${t}, ${id})`);
  }
  const order =
    sort === 'priority'
      ? [sql`(-${cases.priority}) asc`, sql`${cases.createdAt} asc`, sql`${cases.id} asc`]
      : sort === 'oldest'
        ? [sql`${cases.createdAt} asc`, sql`${cases.id} asc`]
        : [sql`${cases.createdAt} desc`, sql`${cases.id} desc`];
  const rows = await q
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
    })
    .from(cases)
    .innerJoin(customers, eq(customers.id, cases.customerId))
    .where(where.length ? and(...where) : undefined)
    .orderBy(...order)
    .limit(input.limit + 1);
  const page = rows.slice(0, input.limit);
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
    })),
    nextCursor: rows.length > input.limit && last ? encode([last.priority, last.createdAt.toISOString(), last.id]) : null,
  };
}
