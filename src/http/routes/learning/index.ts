// Categories (admins shape them, agents set them on cases), root causes with their
// corrective action (supervisors), and the learning settings.
import { z } from 'zod';
import type { RouteDeps, TypedApp } from '../../app.ts';
import { staffActor } from '../../auth.ts';
import { mutate } from '../../mutate.ts';
import { errorResponses, IdParams } from '../../schemas.ts';
import { addCategory, editCategory, listCategories, removeCategory } from '../../../learning/categories.ts';
import { setCaseCategory } from '../../../learning/set-case-category.ts';
import { getCase } from '../../../cases/get-case.ts';
import { CaseSchema } from '../cases/schemas.ts';
import { paging } from '../catalog/schemas.ts';
import { recordRootCause } from '../../../learning/record-root-cause.ts';
import { editRootCause } from '../../../learning/edit-root-cause.ts';
import { linkRootCauseCases, unlinkRootCauseCase } from '../../../learning/link-root-cause-cases.ts';
import { getRootCause, listRootCauses, rootCausesOfCase } from '../../../learning/root-cause-view.ts';
import { loadPeopleSettings, savePeopleSettings } from '../../../learning/learning-settings.ts';
import { fromMinor, toMinor } from '../../../domain/money.ts';
import { AppError } from '../../../domain/errors.ts';
import { ROOT_CAUSE_STATUSES } from '../../../domain/root-cause.ts';
import { CategoryBody, CategoryPatch, CategorySchema, LearningSettingsSchema, LinkBody, RootCauseBody, RootCauseDetail, RootCausePatch, RootCauseSchema } from './schemas.ts';

/** /categories, /cases/:id/category, /root-causes…, /learning-settings. */
export async function learningRoutes(app: TypedApp, deps: RouteDeps) {
  const db = deps.database.db;
  const currency = deps.services.config.CURRENCY;
  const causes = { permission: 'causes:manage' as const };
  const tags = ['learning'];

  app.get(
    '/api/v1/categories',
    {
      config: { permission: 'cases:read' },
      schema: { description: 'The complaint categories in their order; `all=true` includes retired ones.', tags, querystring: z.object({ all: z.enum(['true', 'false']).default('false') }), response: { 200: z.object({ items: z.array(CategorySchema) }), ...errorResponses } },
    },
    async (req) => listCategories(db, { all: req.query.all === 'true' }),
  );
  app.post(
    '/api/v1/categories',
    { config: { permission: 'categories:manage', idempotent: true }, schema: { tags, body: CategoryBody, response: { 201: CategorySchema, ...errorResponses } } },
    async (req, reply) => mutate(deps, req, reply, 201, null, (tx) => addCategory(tx, req.body)),
  );
  app.patch(
    '/api/v1/categories/:id',
    { config: { permission: 'categories:manage' }, schema: { tags, params: IdParams, body: CategoryPatch, response: { 200: CategorySchema, ...errorResponses } } },
    async (req, reply) => mutate(deps, req, reply, 200, null, (tx) => editCategory(tx, req.params.id, req.body)),
  );
  app.delete(
    '/api/v1/categories/:id',
    {
      config: { permission: 'categories:manage' },
      schema: { description: 'Deletes an unused category; one used by a case, root cause or script is retired instead (`deleted: false`).', tags, params: IdParams, response: { 200: z.object({ deleted: z.boolean(), category: CategorySchema }), ...errorResponses } },
    },
    async (req, reply) => mutate(deps, req, reply, 200, null, (tx) => removeCategory(tx, req.params.id)),
  );
  app.put(
    '/api/v1/cases/:id/category',
    {
      config: { permission: 'cases:write' },
      schema: { description: 'Sets the case category (null clears it); the handler only (P-2.4).', tags, params: IdParams, body: z.object({ categoryId: z.string().max(100).nullable() }), response: { 200: CaseSchema, ...errorResponses } },
    },
    async (req, reply) =>
      mutate(deps, req, reply, 200, null, async (tx) => {
        await setCaseCategory(tx, staffActor(req), { caseId: req.params.id, categoryId: req.body.categoryId });
        return getCase(tx, req.params.id);
      }),
  );

  app.get(
    '/api/v1/root-causes',
    {
      config: causes,
      schema: { description: 'Root causes, newest first, keyset-paged (P-4.3).', tags, querystring: z.object({ status: z.enum(ROOT_CAUSE_STATUSES).optional(), ...paging(50) }), response: { 200: z.object({ items: z.array(RootCauseSchema), nextCursor: z.string().nullable() }), ...errorResponses } },
    },
    async (req) => listRootCauses(db, req.query),
  );
  app.post(
    '/api/v1/root-causes',
    { config: { ...causes, idempotent: true }, schema: { tags, body: RootCauseBody, response: { 201: RootCauseDetail, ...errorResponses } } },
    async (req, reply) => mutate(deps, req, reply, 201, null, async (tx) => getRootCause(tx, (await recordRootCause(tx, staffActor(req), req.body)).id)),
  );
  app.get(
    '/api/v1/root-causes/:id',
    { config: causes, schema: { description: 'One root cause with its linked cases and the effectiveness check.', tags, params: IdParams, response: { 200: RootCauseDetail, ...errorResponses } } },
    async (req) => getRootCause(db, req.params.id),
  );
  app.patch(
    '/api/v1/root-causes/:id',
    {
      config: causes,
      schema: { description: 'Edits the record and moves its action; moving to `done` thanks each linked customer once (P-4.3).', tags, params: IdParams, body: RootCausePatch, response: { 200: RootCauseDetail, ...errorResponses } },
    },
    async (req, reply) =>
      mutate(deps, req, reply, 200, null, async (tx) => {
        await editRootCause(tx, staffActor(req), { id: req.params.id, change: req.body }, { services: deps.services });
        return getRootCause(tx, req.params.id);
      }),
  );
  app.post(
    '/api/v1/root-causes/:id/cases',
    { config: causes, schema: { description: 'Links cases by id or number (linked ones are kept).', tags, params: IdParams, body: LinkBody, response: { 200: RootCauseDetail, ...errorResponses } } },
    async (req, reply) =>
      mutate(deps, req, reply, 200, null, async (tx) => {
        await linkRootCauseCases(tx, staffActor(req), { rootCauseId: req.params.id, ...req.body });
        return getRootCause(tx, req.params.id);
      }),
  );
  app.delete(
    '/api/v1/root-causes/:id/cases/:caseId',
    { config: causes, schema: { tags, params: z.object({ id: z.string().max(100), caseId: z.string().max(100) }), response: { 200: RootCauseDetail, ...errorResponses } } },
    async (req, reply) =>
      mutate(deps, req, reply, 200, null, async (tx) => {
        await unlinkRootCauseCase(tx, staffActor(req), { rootCauseId: req.params.id, caseId: req.params.caseId });
        return getRootCause(tx, req.params.id);
      }),
  );
  app.get(
    '/api/v1/cases/:id/root-causes',
    { config: causes, schema: { description: 'The root causes a case is linked to.', tags, params: IdParams, response: { 200: z.object({ items: z.array(RootCauseSchema) }), ...errorResponses } } },
    async (req) => rootCausesOfCase(db, req.params.id),
  );

  const settingsOut = (s: Awaited<ReturnType<typeof loadPeopleSettings>>) => ({
    systemicCustomers: s.systemicCustomers,
    effectivenessWeeks: s.effectivenessWeeks,
    praiseBonus: fromMinor(s.praiseBonus, currency),
    complaintPenalty: fromMinor(s.complaintPenalty, currency),
  });
  app.get(
    '/api/v1/learning-settings',
    { config: { permission: 'cases:read' }, schema: { description: 'The systemic threshold, the effectiveness window, bonus per praise and penalty per justified complaint.', tags, response: { 200: LearningSettingsSchema, ...errorResponses } } },
    async () => settingsOut(await loadPeopleSettings(db)),
  );
  app.put(
    '/api/v1/learning-settings',
    { config: { permission: 'settings:manage' }, schema: { tags, body: LearningSettingsSchema.partial(), response: { 200: LearningSettingsSchema, ...errorResponses } } },
    async (req, reply) =>
      mutate(deps, req, reply, 200, null, async (tx) => {
        const b = req.body;
        for (const m of [b.praiseBonus, b.complaintPenalty]) if (m && m.currency !== currency) throw new AppError('CURRENCY_MISMATCH', `amounts in the business currency ${currency}`);
        const minor = (m: { amount: string; currency: string } | undefined) => {
          if (!m) return undefined;
          const v = toMinor(m);
          if (v < 0) throw new AppError('VALIDATION_FAILED', 'amounts are zero or more');
          return v;
        };
        const change = {
          ...(b.systemicCustomers !== undefined ? { systemicCustomers: b.systemicCustomers } : {}),
          ...(b.effectivenessWeeks !== undefined ? { effectivenessWeeks: b.effectivenessWeeks } : {}),
          ...(b.praiseBonus ? { praiseBonus: minor(b.praiseBonus) } : {}),
          ...(b.complaintPenalty ? { complaintPenalty: minor(b.complaintPenalty) } : {}),
        };
        return settingsOut(await savePeopleSettings(tx, change));
      }),
  );
}
