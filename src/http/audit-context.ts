// The audit context of a request (issue 14): who acts, from which address, with which
// user agent. Use cases receive it and write their audit row in their own transaction.
import type { FastifyRequest } from 'fastify';
import type { AuditContext } from '../audit/record-audit.ts';
import { staffActor } from './auth.ts';

/** The signed-in staff member (or nobody, for a public route) and where the request came from. */
export function auditFrom(req: FastifyRequest): AuditContext {
  const ua = req.headers['user-agent'];
  return { actor: req.user ? staffActor(req) : null, ip: req.ip, userAgent: typeof ua === 'string' ? ua : null };
}
