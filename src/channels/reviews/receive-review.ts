// Reviews and posts (P-1.1, P-1.6): from a generic webhook or an import
// (JSON or CSV). Every review is kept with its link and becomes a case on the
// review channel, whose review-response clock gives three business days
// (P-1.6: anyone who leaves a review gets a response); one that reads as
// dissatisfied (detection, in its own language, run once) or rates 2 of 5 or
// lower is a complaint, a happy one still gets its thank-you in time.
// Matched to a customer by email or handle when possible.
import { createHash } from 'node:crypto';
import { and, eq, or, sql } from 'drizzle-orm';
import { z } from 'zod';
import { cases, customerContacts, reviews } from '../../db/schema.ts';
import type { Tx } from '../../db/client.ts';
import { newId } from '../../db/ids.ts';
import { detect } from '../../domain/detection/index.ts';
import { formatCaseNumber } from '../../domain/case-lifecycle.ts';
import { AppError } from '../../domain/errors.ts';
import { openCase } from '../../cases/intake/open-case.ts';
import { normaliseEmail } from '../../customers/identify-customer.ts';
import type { Services } from '../../context.ts';
import { isLanguage, LANGUAGES } from '../../domain/languages.ts';
import { readCsv, rejectedRow } from '../../customers/csv.ts';

/** At or below this share of the scale (2 of 5) a review is a complaint whatever its words. */
export const LOW_RATING = 2 / 5;
export const MAX_IMPORT_ROWS = 5000;

export const ReviewInput = z.object({
  source: z.string().trim().min(1).max(100),
  externalId: z.string().trim().min(1).max(500).optional(),
  author: z.string().trim().max(200).optional(),
  authorEmail: z.email().max(320).optional(),
  authorHandle: z.string().trim().min(1).max(200).optional(),
  rating: z.coerce.number().min(0).max(100).optional(),
  ratingScale: z.coerce.number().int().min(1).max(100).default(5),
  text: z.string().trim().min(1).max(20_000),
  link: z.url().max(2000).optional(),
  postedAt: z.iso.datetime({ offset: true }).transform((s) => new Date(s)).optional(),
  language: z.enum(LANGUAGES).optional(),
}).refine((r) => r.rating === undefined || r.rating <= r.ratingScale, { message: 'rating is above ratingScale', path: ['rating'] });
export type ReviewInput = z.infer<typeof ReviewInput>;

export interface ReviewResult {
  id: string;
  duplicate: boolean;
  dissatisfied: boolean;
  lowRating: boolean;
  customerId: string | null;
  caseId: string | null;
  caseNumber: string | null;
}

export async function receiveReview(tx: Tx, services: Services, r: ReviewInput): Promise<ReviewResult> {
  const externalId = r.externalId ?? `sha256:${createHash('sha256').update(JSON.stringify([r.author ?? '', r.postedAt?.toISOString() ?? '', r.text])).digest('hex')}`;
  const d = detect(r.text, isLanguage(r.language) ? { language: r.language } : {});
  const lowRating = r.rating !== undefined && r.rating / r.ratingScale <= LOW_RATING;
  const handle = r.authorHandle ? `${r.source.toLowerCase()}:${r.authorHandle.toLowerCase()}` : null;
  const id = newId();
  const [fresh] = await tx
    .insert(reviews)
    .values({
      id,
      source: r.source,
      externalId,
      author: r.author ?? null,
      rating: r.rating ?? null,
      ratingScale: r.ratingScale,
      text: r.text,
      link: r.link ?? null,
      postedAt: r.postedAt ?? null,
      dissatisfied: d.dissatisfied,
      score: d.score,
    })
    .onConflictDoNothing()
    .returning({ id: reviews.id });
  if (!fresh) {
    const [prior] = await tx
      .select({ id: reviews.id, dissatisfied: reviews.dissatisfied, customerId: reviews.customerId, caseId: reviews.caseId, caseNumber: cases.number })
      .from(reviews)
      .leftJoin(cases, eq(cases.id, reviews.caseId))
      .where(and(eq(reviews.source, r.source), eq(reviews.externalId, externalId)));
    const number = prior!.caseNumber !== null ? formatCaseNumber(prior!.caseNumber) : null;
    return { id: prior!.id, duplicate: true, dissatisfied: prior!.dissatisfied, lowRating, customerId: prior!.customerId, caseId: prior!.caseId, caseNumber: number };
  }
  // Match: the author's email, else their handle at this source (one query; the email wins).
  const contacts = [...(r.authorEmail ? [{ kind: 'email', value: normaliseEmail(r.authorEmail) }] : []), ...(handle ? [{ kind: 'handle', value: handle }] : [])];
  const [match] = contacts.length
    ? await tx
        .select({ id: customerContacts.customerId })
        .from(customerContacts)
        .where(or(...contacts.map((c) => and(eq(customerContacts.kind, c.kind), eq(customerContacts.value, c.value)))))
        .orderBy(sql`${customerContacts.kind} = 'email' desc`)
        .limit(1)
    : [];
  let customerId: string | null = match?.id ?? null;
  const rating = r.rating !== undefined ? ` (${r.rating}/${r.ratingScale})` : '';
  const opened = await openCase(tx, { type: 'system', name: `review:${r.source}` }, { channel: 'review', customer: customerId ? { customerId, name: r.author ?? null } : { name: r.author ?? null, email: r.authorEmail ?? null }, subject: `Review on ${r.source}${rating}`.slice(0, 500), body: r.link ? `${r.text}\n\n${r.link}` : r.text, language: r.language ?? null, occurredAt: r.postedAt ?? null, rawSource: JSON.stringify(r), externalId: `${r.source}:${externalId}`.slice(0, 900), detection: d }, { services });
  const caseId = opened.case.id;
  customerId = opened.case.customerId;
  const number = formatCaseNumber(opened.case.number);
  if (handle) {
    await tx.insert(customerContacts).values({ id: newId(), customerId, kind: 'handle', value: handle }).onConflictDoNothing();
  }
  await tx.update(reviews).set({ customerId, caseId }).where(eq(reviews.id, id));
  return { id, duplicate: false, dissatisfied: d.dissatisfied, lowRating, customerId, caseId, caseNumber: number };
}

export interface ImportReport {
  received: number;
  imported: number;
  duplicates: number;
  cases: number;
  rejected: { row: number; errors: { path: string; message: string }[] }[];
}

/** Rows of a CSV (header line: source,author,rating,text,link,time …) as review inputs; bad CSV is a 400. */
export function reviewRowsFromCsv(text: string): Record<string, unknown>[] {
  // Common column names of review exports, mapped to ours.
  return readCsv(text, { time: 'postedAt', date: 'postedAt', posted_at: 'postedAt', id: 'externalId', external_id: 'externalId', email: 'authorEmail', handle: 'authorHandle', url: 'link', scale: 'ratingScale', body: 'text', review: 'text' });
}

/** Imports many reviews: valid rows go in (duplicates skipped), invalid ones are reported by row number. */
export async function importReviews(tx: Tx, services: Services, rows: unknown[], firstRow = 1): Promise<ImportReport> {
  if (rows.length > MAX_IMPORT_ROWS) throw new AppError('PAYLOAD_TOO_LARGE', `at most ${MAX_IMPORT_ROWS} reviews per import`);
  const report: ImportReport = { received: rows.length, imported: 0, duplicates: 0, cases: 0, rejected: [] };
  for (const [i, row] of rows.entries()) {
    const parsed = ReviewInput.safeParse(row);
    if (!parsed.success) {
      report.rejected.push(rejectedRow(i + firstRow, parsed.error));
      continue;
    }
    const r = await receiveReview(tx, services, parsed.data);
    if (r.duplicate) report.duplicates++;
    else {
      report.imported++;
      if (r.caseId) report.cases++;
    }
  }
  return report;
}
