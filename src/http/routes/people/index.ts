// The employee ledger (P-4.8): supervisors read every person's ledger, export it for payroll,
// mark complaints justified and record praise; every staff member reads their own.
import { Readable } from 'node:stream';
import { recordAudit } from '../../../audit/record-audit.ts';
import { auditFrom } from '../../audit-context.ts';
import { z } from 'zod';
import type { RouteDeps, TypedApp } from '../../app.ts';
import { staffActor } from '../../auth.ts';
import { mutate } from '../../mutate.ts';
import { errorResponses, IdParams, MoneySchema } from '../../schemas.ts';
import { getLedger, listLedgers, periodOf } from '../../../people/get-ledger.ts';
import { exportLedger } from '../../../people/export-ledger.ts';
import { markComplaintJustified, recordFeedback } from '../../../people/record-feedback.ts';
import { getCase } from '../../../cases/get-case.ts';
import { CaseSchema } from '../cases/schemas.ts';

const Day = z.union([z.iso.date(), z.iso.datetime({ offset: true })]).transform((s) => new Date(s));
const PeriodQuery = z.object({ from: Day.optional().describe('start, inclusive (default: the first of this month)'), to: Day.optional().describe('end, exclusive (default: now)') });

const LedgerSchema = z
  .object({
    userId: z.string(),
    name: z.string(),
    role: z.string(),
    active: z.boolean(),
    from: z.string(),
    to: z.string(),
    praise: z.number(),
    justifiedComplaints: z.number(),
    bonus: MoneySchema,
    penalty: MoneySchema,
    net: MoneySchema,
    commitments: z.object({ kept: z.number(), broken: z.number() }),
    clocks: z.object({ met: z.number(), breached: z.number() }),
  })
  .meta({ id: 'Ledger' });
const LedgerDetail = LedgerSchema.extend({
  entries: z.array(
    z.object({
      id: z.string(),
      kind: z.enum(['praise', 'complaint']),
      source: z.string(),
      justified: z.boolean(),
      caseId: z.string().nullable(),
      caseNumber: z.string().nullable(),
      reason: z.string().nullable(),
      recordedBy: z.string().nullable(),
      at: z.string(),
    }),
  ),
}).meta({ id: 'LedgerDetail' });

/** /people/ledger, /people/ledger.csv, /people/:userId/ledger, /me/ledger, /people/:userId/feedback, /cases/:id/justified-complaints. */
export async function peopleRoutes(app: TypedApp, deps: RouteDeps) {
  const db = deps.database.db;
  const currency = deps.services.config.CURRENCY;
  const people = { permission: 'people:manage' as const };
  const tags = ['people'];

  app.get(
    '/api/v1/people/ledger',
    { config: people, schema: { description: 'Every staff person’s ledger for the period.', tags, querystring: PeriodQuery, response: { 200: z.object({ items: z.array(LedgerSchema) }), ...errorResponses } } },
    async (req) => listLedgers(db, periodOf(req.query.from, req.query.to), currency),
  );
  app.get(
    '/api/v1/people/ledger.csv',
    { config: people, schema: { description: 'The ledger for payroll as CSV, one line per person, streamed.', tags, querystring: PeriodQuery } },
    async (req, reply) => {
      const p = periodOf(req.query.from, req.query.to);
      await recordAudit(db, auditFrom(req), { action: 'ledger.export', targetType: 'people', after: { from: p.from.toISOString(), to: p.to.toISOString() } });
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="ledger-${p.from.toISOString().slice(0, 10)}.csv"`)
        .send(Readable.from(exportLedger(db, p, currency)));
    },
  );
  app.get(
    '/api/v1/people/:userId/ledger',
    {
      config: people,
      schema: { description: 'One person’s ledger: praise, justified complaints, bonus and penalty, promises and clocks, with the entries.', tags, params: z.object({ userId: z.string().max(100) }), querystring: PeriodQuery, response: { 200: LedgerDetail, ...errorResponses } },
    },
    async (req) => getLedger(db, req.params.userId, periodOf(req.query.from, req.query.to), currency),
  );
  app.get(
    '/api/v1/me/ledger',
    { config: { permission: 'cases:read' }, schema: { description: 'The signed-in person’s own ledger.', tags, querystring: PeriodQuery, response: { 200: LedgerDetail, ...errorResponses } } },
    async (req) => {
      const me = staffActor(req);
      return getLedger(db, me.type === 'user' ? me.id : '', periodOf(req.query.from, req.query.to), currency);
    },
  );
  app.post(
    '/api/v1/people/:userId/feedback',
    {
      config: { ...people, idempotent: true },
      schema: {
        description: 'Records praise or a complaint about a person that came by review, survey or in person; a complaint counts only when `justified`.',
        tags,
        params: z.object({ userId: z.string().max(100) }),
        body: z.object({
          kind: z.enum(['praise', 'complaint']),
          source: z.enum(['review', 'survey', 'staff']),
          caseId: z.string().max(100).nullable().optional(),
          reason: z.string().trim().min(1).max(2000),
          justified: z.boolean().optional(),
        }),
        response: { 201: LedgerDetail, ...errorResponses },
      },
    },
    async (req, reply) =>
      mutate(deps, req, reply, 201, null, async (tx) => {
        await recordFeedback(tx, staffActor(req), { userId: req.params.userId, ...req.body });
        return getLedger(tx, req.params.userId, periodOf(undefined, undefined), currency);
      }),
  );
  app.post(
    '/api/v1/cases/:id/justified-complaints',
    {
      config: people,
      schema: {
        description: 'A supervisor marks the complaint justified against a named employee, with a reason (P-4.8); only then it counts.',
        tags,
        params: IdParams,
        body: z.object({ userId: z.string().max(100), reason: z.string().trim().min(1).max(2000) }),
        response: { 200: CaseSchema, ...errorResponses },
      },
    },
    async (req, reply) =>
      mutate(deps, req, reply, 200, null, async (tx) => {
        await markComplaintJustified(tx, staffActor(req), { caseId: req.params.id, ...req.body });
        return getCase(tx, req.params.id);
      }),
  );
}
