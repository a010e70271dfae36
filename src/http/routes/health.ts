// Liveness and readiness for load balancers and orchestrators.
import { sql } from 'drizzle-orm';
import type { RouteDeps, TypedApp } from '../app.ts';
import { queryRows } from '../../db/client.ts';
import { send } from '../errors.ts';

export async function healthRoutes(app: TypedApp, { database }: RouteDeps) {
  app.get('/healthz', { config: { permission: 'public' }, schema: { tags: ['health'] } }, async () => ({ ok: true }));
  app.get(
    '/readyz',
    { config: { permission: 'public' }, schema: { tags: ['health'] } },
    async (_req, reply) => {
      try {
        const [row] = await queryRows<{ n: number }>(database.db, sql`select count(*)::int as n from drizzle.__drizzle_migrations`);
        const n = row?.n ?? 0;
        if (n < 1) return send(reply, 503, 'NOT_READY', 'migrations have not been applied');
        return reply.send({ ok: true as const, database: database.kind });
      } catch {
        return send(reply, 503, 'NOT_READY', 'the database is not reachable or not migrated');
      }
    },
  );
}
