// Everything staff do on a case, one route per playbook move. Each answers
// with what it created, or with the case as it now stands.
import { z } from 'zod';
import type { RouteDeps, TypedApp } from '../app.ts';
import { staffActor } from '../auth.ts';
import { mutate } from '../mutate.ts';
import { errorResponses, IdParams, IsoDate, MoneySchema } from '../schemas.ts';
import { CaseSchema } from './cases.ts';
import { getCase } from '../../cases/get-case.ts';
import { checkReplyFor, recordMessage } from '../../cases/record-message.ts';
import { eq } from 'drizzle-orm';
import { cases } from '../../db/schema.ts';
import { isUuid } from '../../cases/case-store.ts';
import { AppError } from '../../domain/errors.ts';
import { assignCase } from '../../cases/assign-case.ts';
import { restateCase } from '../../cases/restate-case.ts';
import { confirmRestatement } from '../../cases/confirm-restatement.ts';
import { proposeOptions } from '../../cases/propose-options.ts';
import { chooseOption } from '../../cases/choose-option.ts';
import { makeCommitment } from '../../cases/make-commitment.ts';
import { completeCommitment } from '../../cases/complete-commitment.ts';
import { COMPENSATION_KINDS, FAULTS, grantCompensation } from '../../compensation/grant-compensation.ts';
import { makeOffer } from '../../compensation/make-offer.ts';
import { resolveCase } from '../../cases/resolve-case.ts';
import { closeCase } from '../../cases/close-case.ts';
import { reopenCase } from '../../cases/reopen-case.ts';
import { skipStep } from '../../cases/skip-step.ts';
import { issuePortalToken, portalUrlFor } from '../../portal/portal-tokens.ts';
import { lockCase } from '../../cases/case-store.ts';
import { assertNotClosed, type CaseStatus } from '../../domain/case-lifecycle.ts';
import { appendEvent } from '../../cases/case-store.ts';
import { fromMinor } from '../../domain/money.ts';
import { publicUrl } from '../../config.ts';
import { CHANNELS } from '../../domain/channels.ts';
import { cachedSettings, calendarFor } from '../../settings/business-settings.ts';
import { pauseClocks, resumeClocks } from '../../clocks/pause-clocks.ts';

const WarningOut = z.object({ code: z.string(), rule: z.string(), message: z.string() });
const MessageOut = z.object({
  id: z.string(),
  warnings: z.array(WarningOut),
  detection: z.object({ dissatisfied: z.boolean(), score: z.number(), intensity: z.number() }).nullable(),
});
const Reason = z.object({ reason: z.string().trim().max(2000).optional() }).default({});
const withCase = { 200: CaseSchema, ...errorResponses };

export async function caseActionRoutes(app: TypedApp, deps: RouteDeps) {
  const { services } = deps;
  const cfg = { permission: 'cases:write' as const };
  const created = { permission: 'cases:write' as const, idempotent: true };

  app.post(
    '/api/v1/cases/:id/messages',
    {
      config: created,
      schema: {
        tags: ['cases'],
        params: IdParams,
        body: z.object({
          direction: z.enum(['inbound', 'outbound']),
          channel: z.enum(CHANNELS).default('email'),
          body: z.string().trim().min(1).max(100_000),
          subject: z.string().trim().max(500).optional(),
          apology: z.boolean().optional(),
        }),
        response: { 201: MessageOut, ...errorResponses },
      },
    },
    async (req, reply) => mutate(deps, req, reply, 201, null, (tx) => recordMessage(tx, services, staffActor(req), req.params.id, req.body)),
  );

  app.post(
    '/api/v1/cases/:id/replies/check',
    {
      config: { permission: 'cases:read' },
      schema: {
        description: 'The reply checker (P-2.5, P-2.6): warnings about a draft reply before it is sent. Changes nothing.',
        tags: ['cases'],
        params: IdParams,
        body: z.object({ body: z.string().max(100_000), channel: z.enum(CHANNELS).default('email') }),
        response: { 200: z.object({ warnings: z.array(WarningOut) }), ...errorResponses },
      },
    },
    async (req) => {
      const [row] = await deps.database.db.select().from(cases).where(eq(cases.id, isUuid(req.params.id) ? req.params.id : '00000000-0000-0000-0000-000000000000'));
      if (!row) throw new AppError('CASE_NOT_FOUND', 'no such case');
      return { warnings: await checkReplyFor(deps.database.db, row, req.body.body, req.body.channel) };
    },
  );

  app.post(
    '/api/v1/cases/:id/assign',
    {
      config: cfg,
      schema: { tags: ['cases'], params: IdParams, body: z.object({ ownerId: z.uuid(), reason: z.string().max(2000).optional() }), response: withCase },
    },
    async (req, reply) =>
      mutate(deps, req, reply, 200, null, async (tx) => {
        await assignCase(tx, staffActor(req), req.params.id, req.body.ownerId, req.body.reason);
        return getCase(tx, req.params.id);
      }),
  );

  app.post(
    '/api/v1/cases/:id/restatement',
    {
      config: created,
      schema: {
        tags: ['playbook'],
        params: IdParams,
        body: z.object({ text: z.string().trim().min(1).max(10_000) }),
        response: { 201: z.object({ id: z.string(), text: z.string(), status: z.literal('pending') }), ...errorResponses },
      },
    },
    async (req, reply) =>
      mutate(deps, req, reply, 201, null, async (tx) => {
        const { id } = await restateCase(tx, staffActor(req), req.params.id, req.body.text);
        return { id, text: req.body.text, status: 'pending' as const };
      }),
  );

  app.post(
    '/api/v1/cases/:id/restatement/confirm',
    {
      config: cfg,
      schema: {
        description: 'Staff record the customer’s oral confirmation (or correction) of the restatement, with who and when.',
        tags: ['playbook'],
        params: IdParams,
        body: z.union([
          z.object({ confirmed: z.literal(true), note: z.string().trim().min(1).max(2000) }),
          z.object({ confirmed: z.literal(false), correction: z.string().trim().min(1).max(10_000), note: z.string().max(2000).optional() }),
        ]),
        response: withCase,
      },
    },
    async (req, reply) =>
      mutate(deps, req, reply, 200, null, async (tx) => {
        await confirmRestatement(tx, staffActor(req), req.params.id, { ...req.body, via: 'oral' });
        return getCase(tx, req.params.id);
      }),
  );

  app.post(
    '/api/v1/cases/:id/options',
    {
      config: created,
      schema: {
        tags: ['playbook'],
        params: IdParams,
        body: z.object({
          options: z
            .array(z.object({ title: z.string().trim().min(1).max(500), description: z.string().trim().max(5000).optional(), cost: MoneySchema.optional() }))
            .min(1)
            .max(20),
          reason: z.string().trim().max(2000).optional().describe('why fewer than three options (P-2.9)'),
        }),
        response: { 201: z.object({ options: z.array(z.object({ id: z.string(), title: z.string() })) }), ...errorResponses },
      },
    },
    async (req, reply) =>
      mutate(deps, req, reply, 201, null, async (tx) => {
        const { ids } = await proposeOptions(tx, staffActor(req), req.params.id, req.body.options, req.body.reason);
        return { options: ids.map((id, i) => ({ id, title: req.body.options[i]!.title })) };
      }),
  );

  app.post(
    '/api/v1/cases/:id/options/:optionId/choose',
    { config: cfg, schema: { tags: ['playbook'], params: z.object({ id: z.string(), optionId: z.string().max(100) }), response: withCase } },
    async (req, reply) =>
      mutate(deps, req, reply, 200, null, async (tx) => {
        await chooseOption(tx, staffActor(req), req.params.id, req.params.optionId);
        return getCase(tx, req.params.id);
      }),
  );

  const CommitmentOut = z.object({ id: z.string(), description: z.string(), dueAt: z.string(), status: z.string(), completedAt: z.string().nullable() });
  app.post(
    '/api/v1/cases/:id/commitments',
    {
      config: created,
      schema: {
        tags: ['playbook'],
        params: IdParams,
        body: z.object({ description: z.string().trim().min(1).max(2000), dueAt: IsoDate, ownerId: z.uuid().optional() }),
        response: { 201: CommitmentOut, ...errorResponses },
      },
    },
    async (req, reply) =>
      mutate(deps, req, reply, 201, null, async (tx) => {
        const { id } = await makeCommitment(tx, staffActor(req), req.params.id, req.body);
        return { id, description: req.body.description, dueAt: req.body.dueAt.toISOString(), status: 'open', completedAt: null };
      }),
  );

  app.post(
    '/api/v1/commitments/:id/complete',
    { config: cfg, schema: { tags: ['playbook'], params: IdParams, response: { 200: CommitmentOut, ...errorResponses } } },
    async (req, reply) =>
      mutate(deps, req, reply, 200, null, async (tx) => {
        const c = await completeCommitment(tx, staffActor(req), req.params.id);
        return { id: c.id, description: c.description, dueAt: c.dueAt.toISOString(), status: c.status, completedAt: c.completedAt?.toISOString() ?? null };
      }),
  );

  app.post(
    '/api/v1/cases/:id/compensations',
    {
      config: created,
      schema: {
        tags: ['compensation'],
        params: IdParams,
        body: z.object({
          kind: z.enum(COMPENSATION_KINDS),
          value: MoneySchema,
          description: z.string().trim().min(1).max(2000),
          cost: MoneySchema.optional(),
          fault: z.enum(FAULTS).optional().describe('recorded for learning; never a reason to refuse (P-3.1)'),
          bonusValidMonths: z.number().int().min(1).max(6).optional().describe('for a bonus: how long it lasts (P-3.5)'),
        }),
        response: { 201: CompensationSchema, ...errorResponses },
      },
    },
    async (req, reply) =>
      mutate(deps, req, reply, 201, null, async (tx) => compensationView(await grantCompensation(tx, services, staffActor(req), req.params.id, req.body))),
  );

  app.post(
    '/api/v1/cases/:id/offers',
    {
      config: created,
      schema: {
        description:
          'Offer a gift now or a larger bonus on the next purchase (P-3.4); the customer picks in the portal. Without bonusValue the bonus is computed from the problem order (P-3.5); the gift may be a catalog item. `double: true` grants both at once (P-3.7), routed for approval above the limit.',
        tags: ['compensation'],
        params: IdParams,
        body: z.object({
          giftDescription: z.string().trim().min(1).max(500).optional(),
          giftValue: MoneySchema.optional(),
          catalogItemId: z.string().max(100).optional(),
          bonusValue: MoneySchema.optional(),
          bonusValidMonths: z.number().int().min(1).max(6).optional(),
          double: z.boolean().optional(),
        }),
        response: {
          201: z.object({
            id: z.string(),
            gift: z.object({ description: z.string(), value: MoneySchema, cost: MoneySchema.nullable() }),
            bonus: z.object({ value: MoneySchema, basis: z.enum(['problem_order', 'given']), expiresAt: z.string() }),
            double: z.boolean(),
            compensationIds: z.array(z.string()),
          }),
          ...errorResponses,
        },
      },
    },
    async (req, reply) => mutate(deps, req, reply, 201, null, (tx) => makeOffer(tx, services, staffActor(req), req.params.id, req.body)),
  );

  app.post(
    '/api/v1/cases/:id/resolve',
    {
      config: cfg,
      schema: {
        tags: ['lifecycle'],
        params: IdParams,
        body: z.object({ summary: z.string().trim().max(5000).optional(), followUpDays: z.number().int().min(1).max(365).optional() }).default({}),
        response: withCase,
      },
    },
    async (req, reply) =>
      mutate(deps, req, reply, 200, null, async (tx) => {
        await resolveCase(tx, staffActor(req), req.params.id, req.body);
        return getCase(tx, req.params.id);
      }),
  );
  // Moves that take an optional reason: close (required when not resolved) and reopen.
  for (const [verb, move] of [
    ['close', closeCase],
    ['reopen', reopenCase],
  ] as const) {
    app.post(
      `/api/v1/cases/:id/${verb}`,
      { config: cfg, schema: { tags: ['lifecycle'], params: IdParams, body: Reason, response: withCase } },
      async (req, reply) =>
        mutate(deps, req, reply, 200, null, async (tx) => {
          await move(tx, staffActor(req), req.params.id, req.body.reason);
          return getCase(tx, req.params.id);
        }),
    );
  }
  app.post(
    '/api/v1/cases/:id/playbook/:step/skip',
    {
      config: cfg,
      schema: {
        tags: ['playbook'],
        params: z.object({ id: z.string(), step: z.string().max(40) }),
        body: z.object({ reason: z.string().trim().min(1).max(2000) }),
        response: withCase,
      },
    },
    async (req, reply) =>
      mutate(deps, req, reply, 200, null, async (tx) => {
        await skipStep(tx, staffActor(req), req.params.id, req.params.step, req.body.reason);
        return getCase(tx, req.params.id);
      }),
  );
  app.post(
    '/api/v1/cases/:id/clocks/pause',
    {
      config: cfg,
      schema: {
        description: 'Waiting on the customer: clocks the policy lets pause stop counting until the customer answers or staff resume them.',
        tags: ['clocks'],
        params: IdParams,
        body: z.object({ reason: z.string().trim().min(1).max(2000) }),
        response: withCase,
      },
    },
    async (req, reply) =>
      mutate(deps, req, reply, 200, null, async (tx) => {
        const row = await lockCase(tx, req.params.id);
        assertNotClosed(row.status as CaseStatus);
        await pauseClocks(tx, staffActor(req), row.id, req.body.reason);
        return getCase(tx, row.id);
      }),
  );
  app.post(
    '/api/v1/cases/:id/clocks/resume',
    { config: cfg, schema: { tags: ['clocks'], params: IdParams, response: withCase } },
    async (req, reply) =>
      mutate(deps, req, reply, 200, null, async (tx) => {
        const row = await lockCase(tx, req.params.id);
        const settings = await cachedSettings(tx, services);
        await resumeClocks(tx, staffActor(req), row.id, calendarFor(settings, row.businessUnit), settings.clockPolicy.warnBeforeMinutes);
        return getCase(tx, row.id);
      }),
  );

  app.post(
    '/api/v1/cases/:id/portal-link',
    {
      config: created,
      schema: { description: 'Issue a new portal link for the customer (the old ones keep working until they expire).', tags: ['cases'], params: IdParams, response: { 201: z.object({ portalUrl: z.string() }), ...errorResponses } },
    },
    async (req, reply) =>
      mutate(deps, req, reply, 201, null, async (tx) => {
        await lockCase(tx, req.params.id);
        const token = await issuePortalToken(tx, req.params.id, services.config.PORTAL_LINK_DAYS);
        await appendEvent(tx, req.params.id, staffActor(req), 'portal_link_issued', {});
        return { portalUrl: portalUrlFor(publicUrl(services.config), token) };
      }),
  );
}

export const CompensationSchema = z
  .object({
    id: z.string(),
    caseId: z.string(),
    kind: z.string(),
    value: MoneySchema,
    description: z.string(),
    status: z.enum(['granted', 'pending_approval', 'rejected']),
    approvalRole: z.string().nullable(),
    decisionReason: z.string().nullable(),
    createdAt: z.string(),
  })
  .meta({ id: 'Compensation' });

export function compensationView(c: {
  id: string;
  caseId: string;
  kind: string;
  value: number;
  currency: string;
  description: string;
  status: string;
  approvalRole: string | null;
  decisionReason: string | null;
  createdAt: Date;
}) {
  return {
    id: c.id,
    caseId: c.caseId,
    kind: c.kind,
    value: fromMinor(c.value, c.currency),
    description: c.description,
    status: c.status as 'granted' | 'pending_approval' | 'rejected',
    approvalRole: c.approvalRole,
    decisionReason: c.decisionReason,
    createdAt: c.createdAt.toISOString(),
  };
}
