// Liveness and readiness (/healthz, /readyz) for load balancers and orchestrators.
import type { RouteDeps, TypedApp } from '../../app.ts';
import { send } from '../../errors.ts';
import { checkReadiness } from '../../../db/check-readiness.ts';

/** GET /healthz and /readyz. */
export async function healthRoutes(app: TypedApp, { database }: RouteDeps) {
  app.get('/healthz', { config: { permission: 'public' }, schema: { tags: ['health'] } }, async () => ({ ok: true }));
  app.get('/readyz', { config: { permission: 'public' }, schema: { tags: ['health'] } }, async (_req, reply) => {
    const r = await checkReadiness(database);
    if (!r.ready) return send(reply, 503, 'NOT_READY', r.reason);
    return reply.send({ ok: true as const, database: database.kind });
  });
}
