// Two-step sign-in for the signed-in person (/api/v1/session/totp): its state,
// enrolment (secret and otpauth URI for the QR code), confirmation with a first
// code (recovery codes, shown once) and turning it off (password and a code).
import { z } from 'zod';
import type { FastifyRequest } from 'fastify';
import type { RouteDeps, TypedApp } from '../../app.ts';
import { mutate } from '../../mutate.ts';
import { staffActor } from '../../auth.ts';
import { errorResponses } from '../../schemas.ts';
import { AppError } from '../../../domain/errors.ts';
import { secondFactorState } from '../../../staff/second-factor.ts';
import { enrolSecondFactor } from '../../../staff/enrol-second-factor.ts';
import { confirmSecondFactor } from '../../../staff/confirm-second-factor.ts';
import { disableSecondFactor } from '../../../staff/disable-second-factor.ts';

const StateSchema = z.object({ enabled: z.boolean(), pending: z.boolean(), recoveryCodesLeft: z.number() }).meta({ id: 'SecondFactorState' });
const Code = z.string().trim().min(1).max(40);

/** A person, not an integration's service account. */
function person(req: FastifyRequest) {
  if (req.user?.kind !== 'person') throw new AppError('FORBIDDEN', 'two-step sign-in is for people; tokens do not sign in');
  return staffActor(req);
}

export async function secondFactorRoutes(app: TypedApp, deps: RouteDeps) {
  const tags = ['session'];
  const self = { permission: 'cases:read' as const };
  const limited = { ...self, rateLimit: { max: 10, timeWindow: '1 minute' } };
  app.get(
    '/api/v1/session/totp',
    { config: self, schema: { description: 'Whether two-step sign-in is on for me, and how many recovery codes are left.', tags, response: { 200: StateSchema, ...errorResponses } } },
    async (req) => {
      person(req);
      return secondFactorState(deps.database.db, req.user!.id);
    },
  );
  app.post(
    '/api/v1/session/totp',
    {
      config: limited,
      schema: {
        description: 'Start enrolment: a new secret and its otpauth:// URI (show it as a QR code). Not required at sign-in until confirmed. 409 TOTP_ALREADY_ENABLED.',
        tags,
        response: { 201: z.object({ secret: z.string(), otpauthUri: z.string() }), ...errorResponses },
      },
    },
    async (req, reply) => mutate(deps, req, reply, 201, null, (tx) => enrolSecondFactor(tx, person(req))),
  );
  app.post(
    '/api/v1/session/totp/confirm',
    {
      config: limited,
      schema: {
        description: 'Confirm enrolment with a first code: from now on sign-in asks for a code. Answers ten one-time recovery codes, shown only here. 422 TOTP_INVALID, 409 TOTP_NOT_ENROLLED.',
        tags,
        body: z.object({ code: Code }),
        response: { 200: z.object({ recoveryCodes: z.array(z.string()) }), ...errorResponses },
      },
    },
    async (req, reply) => mutate(deps, req, reply, 200, null, (tx) => confirmSecondFactor(tx, person(req), req.body)),
  );
  app.post(
    '/api/v1/session/totp/disable',
    {
      config: limited,
      schema: {
        description: 'Turn two-step sign-in off with the password and a current code (or a recovery code). 422 TOTP_INVALID.',
        tags,
        body: z.object({ password: z.string().min(1).max(1000), code: Code }),
        response: { 200: StateSchema, ...errorResponses },
      },
    },
    async (req, reply) => mutate(deps, req, reply, 200, null, (tx) => disableSecondFactor(tx, person(req), req.body)),
  );
}
