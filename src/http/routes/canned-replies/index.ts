// Canned replies: every staff member searches them (filled in for a case in the
// composer); supervisors, heads and admins keep them (replies:manage).
import { z } from 'zod';
import type { RouteDeps, TypedApp } from '../../app.ts';
import { staffActor } from '../../auth.ts';
import { mutate } from '../../mutate.ts';
import { errorResponses, IdParams, LanguageSchema, OkSchema } from '../../schemas.ts';
import { listCannedReplies } from '../../../canned-replies/list-canned-replies.ts';
import { createCannedReply, deleteCannedReply, updateCannedReply } from '../../../canned-replies/save-canned-reply.ts';
import { cannedRepliesForCase } from '../../../canned-replies/canned-replies-for-case.ts';

const CannedReplySchema = z
  .object({ id: z.string(), language: LanguageSchema, title: z.string(), body: z.string().describe('the template, with {{customerName}}, {{caseNumber}}, {{ownerName}}'), updatedAt: z.string() })
  .meta({ id: 'CannedReply' });
/** Control characters have no place in a template (tab and line breaks aside). */
const NO_CONTROLS = /^[^\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]*$/;
const Body = z.object({
  language: LanguageSchema,
  title: z.string().trim().min(1).max(200).regex(NO_CONTROLS, 'no control characters'),
  body: z.string().trim().min(1).max(5_000).regex(NO_CONTROLS, 'no control characters'),
});
const Search = z.object({ q: z.string().max(200).optional(), language: LanguageSchema.optional() });

/** GET/POST /canned-replies, PATCH/DELETE /canned-replies/:id, GET /cases/:id/canned-replies. */
export async function cannedReplyRoutes(app: TypedApp, deps: RouteDeps) {
  const { database } = deps;
  app.get(
    '/api/v1/canned-replies',
    { config: { permission: 'cases:read' }, schema: { tags: ['canned replies'], summary: 'Search the canned replies', querystring: Search, response: { 200: z.object({ items: z.array(CannedReplySchema) }), ...errorResponses } } },
    async (req) => ({ items: (await listCannedReplies(database.db, req.query)) as z.infer<typeof CannedReplySchema>[] }),
  );
  app.post(
    '/api/v1/canned-replies',
    { config: { permission: 'replies:manage' }, schema: { tags: ['canned replies'], summary: 'Add a canned reply', body: Body, response: { 201: CannedReplySchema, ...errorResponses } } },
    async (req, reply) => mutate(deps, req, reply, 201, null, (tx) => createCannedReply(tx, staffActor(req), req.body)),
  );
  app.patch(
    '/api/v1/canned-replies/:id',
    {
      config: { permission: 'replies:manage' },
      schema: { tags: ['canned replies'], summary: 'Change a canned reply', params: IdParams, body: Body.partial(), response: { 200: CannedReplySchema, ...errorResponses } },
    },
    async (req, reply) => mutate(deps, req, reply, 200, null, (tx) => updateCannedReply(tx, staffActor(req), req.params.id, req.body)),
  );
  app.delete(
    '/api/v1/canned-replies/:id',
    { config: { permission: 'replies:manage' }, schema: { tags: ['canned replies'], summary: 'Delete a canned reply', params: IdParams, response: { 200: OkSchema, ...errorResponses } } },
    async (req, reply) => mutate(deps, req, reply, 200, null, (tx) => deleteCannedReply(tx, staffActor(req), req.params.id)),
  );
  app.get(
    '/api/v1/cases/:id/canned-replies',
    {
      config: { permission: 'cases:read' },
      schema: {
        tags: ['canned replies'],
        summary: "Canned replies filled in for this case (the case's language unless another is asked for)",
        params: IdParams,
        querystring: z.object({ q: z.string().max(200).optional(), language: z.union([LanguageSchema, z.literal('all')]).optional() }),
        response: { 200: z.object({ items: z.array(CannedReplySchema.extend({ filled: z.string() })) }), ...errorResponses },
      },
    },
    async (req) => ({ items: (await cannedRepliesForCase(database.db, req.params.id, req.query)) as (z.infer<typeof CannedReplySchema> & { filled: string })[] }),
  );
}
