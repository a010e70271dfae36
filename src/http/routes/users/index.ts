// Staff accounts (/api/v1/users): the list with each person's record (supervisors up),
// the colleagues directory every desk role reads, adding a person and changing their
// name, role, languages or activity (admin).
import { z } from 'zod';
import type { RouteDeps, TypedApp } from '../../app.ts';
import { mutate } from '../../mutate.ts';
import { staffActor } from '../../auth.ts';
import { SYSTEM } from '../../../context.ts';
import { errorResponses, IdParams, LanguageSchema } from '../../schemas.ts';
import { addUser, updateUser } from '../../../staff/users.ts';
import { forgetSignIns } from '../../../staff/auth-cache.ts';
import { listStaff } from '../../../staff/list-staff.ts';
import { listColleagues } from '../../../staff/list-colleagues.ts';
import { ROLES } from '../../../domain/authority.ts';
import { recordAudit } from '../../../audit/record-audit.ts';
import { auditFrom } from '../../audit-context.ts';

const UserOut = z
  .object({ id: z.string(), email: z.string(), name: z.string(), role: z.enum(ROLES), kind: z.string(), languages: z.array(z.string()), locale: z.string(), active: z.boolean() })
  .meta({ id: 'StaffUser' });
const RecordOut = z
  .object({
    openCases: z.number(),
    promises: z.object({ open: z.number(), kept: z.number(), broken: z.number() }),
    praise: z.number(),
    ratings: z.object({ count: z.number(), average: z.number().nullable() }),
  })
  .nullable();
const AddBody = z.object({
  email: z.email().max(320),
  name: z.string().trim().min(1).max(200),
  role: z.enum(ROLES),
  password: z.string().min(8).max(1000),
  languages: z.array(LanguageSchema).optional(),
  locale: LanguageSchema.optional(),
});
const ChangeBody = z
  .object({ name: z.string().trim().min(1).max(200).optional(), role: z.enum(ROLES).optional(), active: z.boolean().optional(), languages: z.array(LanguageSchema).max(7).optional() })
  .refine((b) => Object.keys(b).length > 0, 'say what to change');

/** GET/POST /users and PATCH /users/:id. */
export async function userRoutes(app: TypedApp, deps: RouteDeps) {
  app.get(
    '/api/v1/users',
    {
      config: { permission: 'staff:read' },
      schema: {
        description: 'Staff with their record: open cases, promises kept and broken (P-2.11), praise from customers (P-4.8), ratings.',
        tags: ['admin'],
        response: { 200: z.object({ items: z.array(UserOut.extend({ record: RecordOut })), nextCursor: z.null() }) },
      },
    },
    async () => ({ items: await listStaff(deps.database.db), nextCursor: null }),
  );
  app.get(
    '/api/v1/colleagues',
    {
      config: { permission: 'cases:read' },
      schema: {
        description: 'The staff directory for the desk: names, roles and languages of the people on staff (owner names, the reassign list). Records stay on /users.',
        tags: ['cases'],
        response: {
          200: z.object({
            items: z.array(z.object({ id: z.string(), name: z.string(), role: z.enum(ROLES), languages: z.array(z.string()), active: z.boolean() })),
            nextCursor: z.null(),
          }),
        },
      },
    },
    async () => ({ items: await listColleagues(deps.database.db), nextCursor: null }),
  );
  app.post(
    '/api/v1/users',
    { config: { permission: 'users:manage', idempotent: true }, schema: { tags: ['admin'], body: AddBody, response: { 201: UserOut, ...errorResponses } } },
    async (req, reply) =>
      mutate(deps, req, reply, 201, null, async (tx) => {
        const user = await addUser(tx, req.body);
        await recordAudit(tx, auditFrom(req), { action: 'user.create', targetType: 'user', targetId: user.id, after: user });
        return user;
      }),
  );
  app.patch(
    '/api/v1/users/:id',
    {
      config: { permission: 'users:manage' },
      schema: {
        description: 'Change a person’s name, role or languages, or deactivate them (their sessions and tokens stop working at once). Admins cannot demote or deactivate themselves.',
        tags: ['admin'],
        params: IdParams,
        body: ChangeBody,
        response: { 200: UserOut, ...errorResponses },
      },
    },
    async (req, reply) => {
      const sent = await mutate(deps, req, reply, 200, null, (tx) => updateUser(tx, req.user ? staffActor(req) : SYSTEM, req.params.id, req.body, { audit: auditFrom(req) }));
      // Again after commit: a sign-in looked up while the transaction ran saw the old row.
      forgetSignIns();
      return sent;
    },
  );
}
