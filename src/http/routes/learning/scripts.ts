// Prepared scripts per role and situation (P-4.7): admins write them; every desk role reads
// the ones matching a case and records each use.
import { z } from 'zod';
import type { RouteDeps, TypedApp } from '../../app.ts';
import { mutate } from '../../mutate.ts';
import { errorResponses, IdParams, LanguageSchema } from '../../schemas.ts';
import { addScript, addScriptRole, editScript, editScriptRole, listScriptRoles, listScripts, recordScriptUse, removeScript } from '../../../learning/scripts.ts';
import { ScriptBody, ScriptRoleBody, ScriptRolePatch, ScriptRoleSchema, ScriptSchema } from './schemas.ts';

/** /script-roles and /scripts. */
export async function scriptRoutes(app: TypedApp, deps: RouteDeps) {
  const db = deps.database.db;
  const admin = { permission: 'scripts:manage' as const };
  const tags = ['learning'];
  const KeyParams = z.object({ key: z.string().max(50) });

  app.get(
    '/api/v1/script-roles',
    { config: { permission: 'cases:read' }, schema: { description: 'The roles and situations scripts are written for.', tags, querystring: z.object({ all: z.enum(['true', 'false']).default('false') }), response: { 200: z.object({ items: z.array(ScriptRoleSchema) }), ...errorResponses } } },
    async (req) => listScriptRoles(db, { all: req.query.all === 'true' }),
  );
  app.post(
    '/api/v1/script-roles',
    { config: { ...admin, idempotent: true }, schema: { tags, body: ScriptRoleBody, response: { 201: ScriptRoleSchema, ...errorResponses } } },
    async (req, reply) => mutate(deps, req, reply, 201, null, (tx) => addScriptRole(tx, req.body)),
  );
  app.patch(
    '/api/v1/script-roles/:key',
    { config: admin, schema: { tags, params: KeyParams, body: ScriptRolePatch, response: { 200: ScriptRoleSchema, ...errorResponses } } },
    async (req, reply) => mutate(deps, req, reply, 200, null, (tx) => editScriptRole(tx, req.params.key, req.body)),
  );
  app.get(
    '/api/v1/scripts',
    {
      config: { permission: 'cases:read' },
      schema: {
        description: 'Scripts; with `caseId` (its language and category) and/or `role`, the matching ones, most specific and most used first.',
        tags,
        querystring: z.object({
          caseId: z.string().max(100).optional(),
          role: z.string().max(50).optional(),
          categoryId: z.string().max(100).optional(),
          language: LanguageSchema.optional(),
          all: z.enum(['true', 'false']).default('false'),
          limit: z.coerce.number().int().min(1).max(500).default(100),
        }),
        response: { 200: z.object({ items: z.array(ScriptSchema) }), ...errorResponses },
      },
    },
    async (req) => listScripts(db, { ...req.query, roleKey: req.query.role, all: req.query.all === 'true' }),
  );
  app.post(
    '/api/v1/scripts',
    { config: { ...admin, idempotent: true }, schema: { tags, body: ScriptBody, response: { 201: ScriptSchema, ...errorResponses } } },
    async (req, reply) => mutate(deps, req, reply, 201, null, (tx) => addScript(tx, req.body)),
  );
  app.patch(
    '/api/v1/scripts/:id',
    { config: admin, schema: { tags, params: IdParams, body: ScriptBody.partial(), response: { 200: ScriptSchema, ...errorResponses } } },
    async (req, reply) => mutate(deps, req, reply, 200, null, (tx) => editScript(tx, req.params.id, req.body)),
  );
  app.delete(
    '/api/v1/scripts/:id',
    { config: admin, schema: { description: 'Deletes an unused script; a used one is retired.', tags, params: IdParams, response: { 200: z.object({ deleted: z.boolean(), script: ScriptSchema }), ...errorResponses } } },
    async (req, reply) => mutate(deps, req, reply, 200, null, (tx) => removeScript(tx, req.params.id)),
  );
  app.post(
    '/api/v1/scripts/:id/uses',
    { config: { permission: 'cases:read' }, schema: { description: 'Counts one use of a script.', tags, params: IdParams, response: { 200: ScriptSchema, ...errorResponses } } },
    async (req, reply) => mutate(deps, req, reply, 200, null, (tx) => recordScriptUse(tx, req.params.id)),
  );
}
