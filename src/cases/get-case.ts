// The case as the API shows it (API.md): the row, its customer, playbook
// progress derived from events, and every part of the recovery in one view.
import {
  caseEvents,
  cases,
  clocks,
  commitments,
  compensations,
  customerContacts,
  customers,
  messages,
  offers,
  ratings,
  resolutionOptions,
  restatements,
} from '../db/schema.ts';
import { queryText, type Queryable } from '../db/client.ts';
import { rowFromJsonIso, rowsFromJsonIso } from '../db/json-rows.ts';
import { AppError } from '../domain/errors.ts';
import { formatCaseNumber, priorityName, type CaseStatus } from '../domain/case-lifecycle.ts';
import { computePlaybook, type PlaybookEvent } from '../domain/playbook.ts';
import { fromMinor } from '../domain/money.ts';
import type { detectionSummary } from '../domain/triage.ts';
import { isUuid } from './case-store.ts';
import { PREVIEWABLE } from '../domain/file-types.ts';

/** The detection kept on a case (plan-triage, record-message): the summary and, when triage said so, a safety note. */
export type CaseDetection = ReturnType<typeof detectionSummary> & { safetyNote?: string };

// The rows' timestamps arrive as ISO text already (rowFromJsonIso): a view only shows them.
const iso = (d: string | null | undefined) => d ?? null;

type Json = Record<string, unknown>;
interface CaseJson {
  row: Json;
  customer: Json;
  contacts: Json[] | null;
  owner: { id: string; name: string; role: string } | null;
  events: Json[] | null;
  messages: Json[] | null;
  restatements: Json[] | null;
  options: Json[] | null;
  commitments: Json[] | null;
  compensations: Json[] | null;
  offers: Json[] | null;
  clocks: Json[] | null;
  rating: Json | null;
  participants: { userId: string; role: string; reason: string | null; name: string }[] | null;
  files: { id: string; messageId: string | null; filename: string; contentType: string; size: number; kept: boolean; skippedReason: string | null }[] | null;
}

/**
 * The case and every part of its view in one statement (each part a JSON aggregate, in the
 * order the view shows it): every case action answers with this view, so it is the hottest
 * read there is, and one round trip and one plan beat fifteen. Plain SQL text
 * (queryText): nothing to build per call, planned once per connection.
 */
const CASE_VIEW = `select row_to_json(c) as row,
      (select row_to_json(x) from customers x where x.id = c.customer_id) as customer,
      (select json_agg(x order by x.created_at) from customer_contacts x where x.customer_id = c.customer_id) as contacts,
      (select json_build_object('id', x.id, 'name', x.name, 'role', x.role) from users x where x.id = c.owner_id) as owner,
      (select json_agg(x order by x.id) from case_events x where x.case_id = c.id) as events,
      (select json_agg(x order by x.created_at, x.id) from messages x where x.case_id = c.id) as messages,
      (select json_agg(x order by x.created_at) from restatements x where x.case_id = c.id) as restatements,
      (select json_agg(x order by x.created_at, x.id) from resolution_options x where x.case_id = c.id) as options,
      (select json_agg(x order by x.due_at) from commitments x where x.case_id = c.id) as commitments,
      (select json_agg(x order by x.created_at) from compensations x where x.case_id = c.id) as compensations,
      (select json_agg(x order by x.created_at) from offers x where x.case_id = c.id) as offers,
      (select json_agg(x order by x.due_at) from clocks x where x.case_id = c.id) as clocks,
      (select row_to_json(x) from ratings x where x.case_id = c.id limit 1) as rating,
      (select json_agg(json_build_object('userId', p.user_id, 'role', p.role, 'reason', p.reason, 'name', u.name))
         from case_participants p join users u on u.id = p.user_id where p.case_id = c.id) as participants,
      -- The files without their bytes: whether each was kept, and why not.
      (select json_agg(json_build_object('id', a.id, 'messageId', a.message_id, 'filename', a.filename, 'contentType', a.content_type, 'size', a.size,
                                         'kept', a.content is not null, 'skippedReason', a.skipped_reason) order by a.created_at, a.id)
         from attachments a where a.case_id = c.id) as files
    from cases c where c.id = $1`;

/**
 * The same read for the customer's portal, which also shows whether the customer has
 * already praised the person handling the case (P-4.8): one more column, not one more query.
 * The portal never shows the timeline, the contacts, the clocks, the participants or the
 * files (portal/get-portal-view.ts), so they are not read: the portal answers confirm and
 * choose with this view, and the timeline is the costliest part of it.
 */

const PORTAL_VIEW = CASE_VIEW.replace(/\(select json_agg\(x order by x\.created_at\) from customer_contacts x [^\n]*\) as contacts,/, 'null::json as contacts,')
  .replace(/\(select json_agg\(x order by x\.id\) from case_events x [^\n]*\) as events,/, 'null::json as events,')
  .replace(/\(select json_agg\(x order by x\.due_at\) from clocks x [^\n]*\) as clocks,/, 'null::json as clocks,')
  .replace(/\(select json_agg\(json_build_object\('userId'[\s\S]*?\) as participants,/, 'null::json as participants,')
  .replace(/-- The files without their bytes[\s\S]*?\) as files/, 'null::json as files')
  .replace(
    /from cases c where c\.id = \$1$/,
    `, exists(select 1 from employee_feedback f where f.case_id = c.id and f.user_id = c.owner_id and f.kind = 'praise' and f.source in ('portal', 'rating')) as praised
    from cases c where c.id = $1`,
  );

export async function getCase(q: Queryable, caseId: string) {
  return (await readCase(q, caseId, CASE_VIEW)).view;
}

/** getCase without the parts the portal never shows, and whether the customer has praised the case's owner (get-portal-view.ts). */
export async function getCaseForPortal(q: Queryable, caseId: string) {
  const { view, json } = await readCase(q, caseId, PORTAL_VIEW);
  return { view, praisedOwner: json.praised === true };
}

async function readCase(q: Queryable, caseId: string, text: string) {
  if (!isUuid(caseId)) throw new AppError('CASE_NOT_FOUND', 'no such case');
  const [json] = await queryText<CaseJson & { praised?: boolean }>(q, text, [caseId]);
  if (!json) throw new AppError('CASE_NOT_FOUND', 'no such case');
  const row = rowFromJsonIso(cases, json.row);
  const contactRows = rowsFromJsonIso(customerContacts, json.contacts);
  const ownerRows = json.owner ? [json.owner] : [];
  const eventRows = rowsFromJsonIso(caseEvents, json.events);
  const messageRows = rowsFromJsonIso(messages, json.messages);
  const restRows = rowsFromJsonIso(restatements, json.restatements);
  const optionRows = rowsFromJsonIso(resolutionOptions, json.options);
  const commitmentRows = rowsFromJsonIso(commitments, json.commitments);
  const compRows = rowsFromJsonIso(compensations, json.compensations);
  const offerRows = rowsFromJsonIso(offers, json.offers);
  const clockRows = rowsFromJsonIso(clocks, json.clocks);
  const ratingRows = json.rating ? [rowFromJsonIso(ratings, json.rating)] : [];
  const participantRows = json.participants ?? [];
  const fileRows = json.files ?? [];
  const customerRows = [rowFromJsonIso(customers, json.customer)];
  const customer = customerRows[0]!;
  const restatement = restRows.at(-1);
  const rating = ratingRows[0];
  const view = {
    id: row.id,
    number: formatCaseNumber(row.number),
    status: row.status as CaseStatus,
    channel: row.channel,
    priority: priorityName(row.priority),
    language: row.language,
    journeyStage: row.journeyStage,
    subject: row.subject,
    orderRef: row.orderRef,
    orderId: row.orderId,
    ownerId: row.ownerId,
    owner: ownerRows[0] ?? null,
    participants: participantRows,
    customer: {
      id: customer.id,
      name: customer.name,
      language: customer.language,
      tier: customer.tier,
      lifetimeValue: fromMinor(customer.lifetimeValue, customer.currency),
      contacts: contactRows.map((c) => ({ kind: c.kind, value: c.value })),
    },
    detection: (row.detection ?? null) as CaseDetection | null,
    // The rows themselves: each has the type, data and createdAt the playbook reads.
    playbook: computePlaybook(eventRows as PlaybookEvent[]),
    clocks: clockRows.map((c) => ({
      id: c.id,
      kind: c.kind,
      label: c.label,
      status: c.status,
      meetsOn: c.meetsOn,
      startedAt: iso(c.startedAt),
      dueAt: iso(c.dueAt),
      warnAt: iso(c.warnAt),
      stoppedAt: iso(c.stoppedAt),
      // Red when breached, amber from the warning time on, green otherwise.
      color: (c.status === 'breached' ? 'red' : c.status === 'running' && c.warnAt && Date.parse(c.warnAt) <= Date.now() ? 'amber' : 'green') as 'red' | 'amber' | 'green',
    })),
    restatement: restatement
      ? {
          id: restatement.id,
          text: restatement.text,
          status: restatement.status,
          correction: restatement.correction,
          confirmedVia: restatement.confirmedVia,
          createdAt: iso(restatement.createdAt),
          respondedAt: iso(restatement.respondedAt),
        }
      : null,
    restatements: restRows.map((r) => ({ id: r.id, text: r.text, status: r.status, correction: r.correction, createdAt: iso(r.createdAt) })),
    options: optionRows
      .filter((o) => !o.withdrawnAt)
      .map((o) => ({
        id: o.id,
        title: o.title,
        description: o.description,
        cost: o.cost !== null && o.currency ? fromMinor(o.cost, o.currency) : null,
        chosen: o.chosenAt !== null,
        chosenBy: o.chosenBy,
      })),
    commitments: commitmentRows.map((c) => ({
      id: c.id,
      description: c.description,
      dueAt: iso(c.dueAt)!,
      status: c.status,
      ownerId: c.ownerId,
      completedAt: iso(c.completedAt),
    })),
    compensations: compRows.map((c) => ({
      id: c.id,
      kind: c.kind,
      value: fromMinor(c.value, c.currency),
      status: c.status as 'granted' | 'pending_approval' | 'rejected',
      approvalRole: c.approvalRole,
      description: c.description,
      fault: c.fault,
      requestedBy: c.requestedBy,
      decidedBy: c.decidedBy,
      decisionReason: c.decisionReason,
      createdAt: iso(c.createdAt),
    })),
    offers: offerRows.map((o) => ({
      id: o.id,
      status: o.status,
      gift: { description: o.giftDescription, value: fromMinor(o.giftValue, o.currency) },
      bonus: { value: fromMinor(o.bonusValue, o.currency), expiresAt: iso(o.bonusExpiresAt) },
      choice: o.choice as 'gift' | 'bonus' | 'both' | null,
    })),
    rating: rating ? { score: rating.score, comment: rating.comment, praisedUserId: rating.praisedUserId } : null,
    messages: messageRows.map((m) => ({
      id: m.id,
      direction: m.direction as 'inbound' | 'outbound',
      channel: m.channel,
      kind: m.kind,
      subject: m.subject,
      body: m.body,
      authorUserId: m.authorUserId,
      deliveryStatus: m.deliveryStatus,
      deliveryNote: m.deliveryNote,
      createdAt: iso(m.createdAt),
    })),
    attachments: fileRows.map((f) => ({ ...f, previewable: f.kept && PREVIEWABLE.has(f.contentType) })),
    timeline: eventRows.map((e) => ({ id: String(e.id), type: e.type, actor: { type: e.actorType, id: e.actorId }, data: e.data as Record<string, unknown>, at: iso(e.createdAt), internal: e.type === 'note_added' })),
    categoryId: row.categoryId,
    suggestedCategory: row.suggestedCategory,
    closeReason: row.closeReason,
    reopenCount: row.reopenCount,
    churn: row.churnRisk === null ? null : { risk: row.churnRisk, factors: (row.churnFactors as { factor: string; contribution: number }[] | null) ?? [] },
    occurredAt: iso(row.occurredAt),
    createdAt: iso(row.createdAt)!,
    updatedAt: iso(row.updatedAt)!,
    acknowledgedAt: iso(row.acknowledgedAt),
    understoodAt: iso(row.understoodAt),
    resolvedAt: iso(row.resolvedAt),
    closedAt: iso(row.closedAt),
  };
  return { view, json };
}

export type CaseView = Awaited<ReturnType<typeof getCase>>;
