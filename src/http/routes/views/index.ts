// Saved views (/api/v1/views): the queue's filters and sort under a name,
// personal (seen by their owner only) or shared with the desk (made by supervisors up).
import { z } from 'zod';
import type { RouteDeps, TypedApp } from '../../app.ts';
import { staffActor } from '../../auth.ts';
import { mutate } from '../../mutate.ts';
import { errorResponses, IdParams, OkSchema } from '../../schemas.ts';
import { CASE_STATUSES, PRIORITIES } from '../../../domain/case-lifecycle.ts';
import { listViews } from '../../../staff/list-views.ts';
import { createView } from '../../../staff/create-view.ts';
import { updateView } from '../../../staff/update-view.ts';
import { deleteView } from '../../../staff/delete-view.ts';

/** A comma-separated list of allowed words (as the queue's query takes it), or empty. */
const wordList = (words: readonly string[]) =>
  z
    .string()
    .max(300)
    .refine((s) => s === '' || s.split(',').every((w) => words.includes(w)), { message: `a comma-separated list of: ${words.join(', ')}` });
const Who = z.string().regex(/^(me|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i, 'a user id or "me"');

/** The queue's query parameters a view keeps (GET /api/v1/cases without cursor and limit). */
export const ViewFilters = z
  .object({
    status: wordList(CASE_STATUSES).optional(),
    ownerId: Who.optional(),
    involving: Who.optional(),
    priority: wordList(PRIORITIES).optional(),
    channel: z.string().max(300).regex(/^[a-z0-9_,-]*$/).optional(),
    language: z.string().max(100).regex(/^[a-z,-]*$/i).optional(),
    q: z.string().max(200).optional(),
    sort: z.enum(['priority', 'oldest', 'newest', 'deadline', 'dissatisfaction']).optional(),
  })
  .strict()
  .meta({ id: 'ViewFilters' });

const ViewSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    shared: z.boolean(),
    filters: ViewFilters,
    ownerId: z.string(),
    mine: z.boolean().describe('whether the caller made it'),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'SavedView' });

const ViewBody = z.object({
  name: z
    .string()
    .trim()
    .min(1)
    .max(80)
    .regex(/^[^\u0000-\u001F\u007F-\u009F]*$/, 'no control characters in a name'),
  shared: z.boolean().optional(),
  filters: ViewFilters,
});

/** GET/POST /api/v1/views, PATCH/DELETE /api/v1/views/:id. */
export async function viewRoutes(app: TypedApp, deps: RouteDeps) {
  const cfg = { permission: 'cases:read' as const };
  app.get(
    '/api/v1/views',
    {
      config: cfg,
      schema: { description: "The desk's shared views and the caller's personal views.", tags: ['views'], response: { 200: z.object({ items: z.array(ViewSchema) }), ...errorResponses } },
    },
    async (req) => listViews(deps.database.db, staffActor(req)),
  );
  app.post(
    '/api/v1/views',
    {
      config: cfg,
      schema: {
        description: 'Save the queue filters under a name; shared: true (supervisors, heads, admins) shows it to the whole desk.',
        tags: ['views'],
        body: ViewBody,
        response: { 201: ViewSchema, ...errorResponses },
      },
    },
    async (req, reply) => mutate(deps, req, reply, 201, null, (tx) => createView(tx, staffActor(req), req.body)),
  );
  app.patch(
    '/api/v1/views/:id',
    { config: cfg, schema: { description: 'Rename a view, share it, or save new filters into it.', tags: ['views'], params: IdParams, body: ViewBody.partial(), response: { 200: ViewSchema, ...errorResponses } } },
    async (req, reply) => mutate(deps, req, reply, 200, null, (tx) => updateView(tx, staffActor(req), { id: req.params.id, ...req.body })),
  );
  app.delete(
    '/api/v1/views/:id',
    { config: cfg, schema: { description: 'Delete a view.', tags: ['views'], params: IdParams, response: { 200: OkSchema, ...errorResponses } } },
    async (req, reply) => mutate(deps, req, reply, 200, null, (tx) => deleteView(tx, staffActor(req), { id: req.params.id })),
  );
}
