// The Fastify application: plugins (errors, auth, rate limits, OpenAPI) and
// one module per resource. Handlers stay thin (STYLE 1): validate, authorise,
// call one use case, shape the answer.
import Fastify, { type FastifyInstance } from 'fastify';
import cookie from '@fastify/cookie';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { jsonSchemaTransform, jsonSchemaTransformObject, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Database } from '../db/client.ts';
import type { Services } from '../context.ts';
import { IntakeBatcher } from '../cases/intake/intake-batcher.ts';
import { registerErrorHandling } from './errors.ts';
import { registerSecurityHeaders } from './security-headers.ts';
import { registerInputGuards } from './request-input.ts';
import { strictSerializerCompiler } from './strict-responses.ts';
import { fastSerializerCompiler } from './fast-serializer.ts';
import { registerAuth, type RegisteredRoute } from './auth.ts';
import { healthRoutes } from './routes/health/index.ts';
import { sessionRoutes } from './routes/session/index.ts';
import { caseRoutes } from './routes/cases/index.ts';
import { compensationRoutes } from './routes/compensations/index.ts';
import { customerReviewRoutes, customerRoutes, orderImportRoutes } from './routes/customers/index.ts';
import { catalogRoutes } from './routes/catalog/index.ts';
import { bonusRoutes } from './routes/bonuses/index.ts';
import { reportRoutes } from './routes/reports/index.ts';
import { portalRoutes } from './routes/portal/index.ts';
import { publicRoutes } from './routes/public/index.ts';
import { userRoutes } from './routes/users/index.ts';
import { settingsRoutes } from './routes/settings/index.ts';
import { auditRoutes } from './routes/audit/index.ts';
import { channelModules } from './routes/channels/index.ts';
import { attachmentRoutes } from './routes/attachments/index.ts';
import { dashboardRoutes } from './routes/dashboard/index.ts';
import { learningRoutes } from './routes/learning/index.ts';
import { scriptRoutes } from './routes/learning/scripts.ts';
import { peopleRoutes } from './routes/people/index.ts';
import { viewRoutes } from './routes/views/index.ts';
import { slaRoutes } from './routes/sla/index.ts';
import { webhookRoutes } from './routes/webhooks/index.ts';
import { notificationRoutes } from './routes/notifications/index.ts';
import { cannedReplyRoutes } from './routes/canned-replies/index.ts';
import { NotificationHub } from '../notifications/notification-hub.ts';
import { webRoutes } from './web.ts';
import { echoRequestId, loggerOptions, requestIdOptions } from './logging.ts';
import { Metrics, registerMetrics } from './metrics.ts';
import { rateLimitStore } from './rate-limit-store.ts';

export interface AppDeps {
  database: Database;
  services: Services;
  /** true: JSON logs at the configured level (secrets redacted, see logging.ts); false: none. */
  logger?: boolean;
  /** Where log lines go (tests read them); default stdout. */
  logStream?: { write(line: string): void };
  /** This process's metrics (shared with its worker); a fresh set when absent. */
  metrics?: Metrics;
  /** Tests: fail an answer whose response schema would drop a field (see strict-responses.ts). */
  strictResponses?: boolean;
}

/** What every route module receives. */
export interface RouteDeps {
  database: Database;
  services: Services;
  /** Group commit for complaints arriving without an Idempotency-Key. */
  intake: IntakeBatcher;
  /** Live notifications: this process's open streams, fed by LISTEN/NOTIFY or polling. */
  hub: NotificationHub;
}

export type App = FastifyInstance & { registeredRoutes: RegisteredRoute[] };

export async function buildApp(deps: AppDeps): Promise<App> {
  const cfg = deps.services.config;
  const metrics = deps.metrics ?? new Metrics({ defaultMetrics: false });
  const app = Fastify({
    logger: deps.logger ? { ...(loggerOptions(cfg) as object), ...(deps.logStream ? { stream: deps.logStream } : {}) } : false,
    ...requestIdOptions,
    trustProxy: cfg.TRUST_PROXY,
    bodyLimit: 1024 * 1024,
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  // Answers are written by fast-serializer.ts (Zod's serializer for what it cannot vouch for);
  // tests use the strict one, which also checks that both write the same text.
  app.setSerializerCompiler(deps.strictResponses ? strictSerializerCompiler : fastSerializerCompiler);
  echoRequestId(app);
  registerErrorHandling(app);
  registerInputGuards(app);
  // PostgreSQL cannot store U+0000 in text or jsonb: replace it at the edge so
  // such input is kept (as U+FFFD) instead of failing the request.
  const parseJson = app.getDefaultJsonParser('error', 'error');
  // An empty body is no body: an action whose body has no required field accepts it.
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (req, body, done) => {
    if ((body as string).trim() === '') return done(null, undefined);
    // A NUL can only be in a parsed string through the escape \u0000 (JSON.parse refuses a raw
    // one): without that text in the body there is nothing to replace, and no walk.
    const text = body as string;
    const mayHoldNul = text.includes('\\u0000');
    parseJson(req, text, (err, value) => (err ? done(err, undefined) : done(null, mayHoldNul ? stripNul(value) : value)));
  });

  await registerSecurityHeaders(app, cfg);
  // Cookies are parsed in an onRequest hook: it must run before ours reads them.
  await app.register(cookie);
  const routes: RegisteredRoute[] = [];
  const auth = registerAuth(app, deps.database.db, routes, { cacheMs: cfg.AUTH_CACHE_MS });
  // Counters every process shares (a table in PostgreSQL) unless configured otherwise.
  await app.register(rateLimit, { global: false, ...rateLimitStore(deps.database, cfg) });
  registerMetrics(app, { db: deps.database.db, config: cfg, metrics });
  await app.register(swagger, {
    openapi: {
      info: { title: 'Amends API', version: '1', description: 'Complaint handling and service recovery. See docs/API.md.' },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer' },
          session: { type: 'apiKey', in: 'cookie', name: 'amends_session' },
        },
      },
      security: [{ bearer: [] }, { session: [] }],
    },
    transform: jsonSchemaTransform,
    // Schemas with a `.meta({ id })` become components/schemas, so the document's $refs resolve.
    transformObject: jsonSchemaTransformObject,
  });
  await app.register(swaggerUi, { routePrefix: '/api/docs' });

  const intake = new IntakeBatcher(deps.database.db, deps.services, {
    maxInFlight: deps.database.kind === 'pglite' ? 1 : deps.services.config.INTAKE_IN_FLIGHT,
    onBatch: (n) => metrics.intakeBatch.observe(n),
  });
  const hub = new NotificationHub(deps.database, cfg.NOTIFICATION_POLL_MS);
  app.addHook('preClose', async () => hub.endStreams());
  app.addHook('onClose', () => hub.close());
  const routeDeps: RouteDeps = { database: deps.database, services: deps.services, intake, hub };
  // One module per resource (src/http/routes/<resource>/), each in its own scope:
  // a module's body parsers (CSV, raw MIME) apply to its routes only.
  const modules = [
    healthRoutes,
    sessionRoutes,
    caseRoutes,
    compensationRoutes,
    customerRoutes,
    customerReviewRoutes,
    orderImportRoutes,
    catalogRoutes,
    bonusRoutes,
    reportRoutes,
    portalRoutes,
    publicRoutes,
    userRoutes,
    settingsRoutes,
    auditRoutes,
    ...channelModules,
    attachmentRoutes,
    dashboardRoutes,
    learningRoutes,
    scriptRoutes,
    peopleRoutes,
    viewRoutes,
    slaRoutes,
    webhookRoutes,
    notificationRoutes,
    cannedReplyRoutes,
  ];
  for (const mod of modules) {
    await app.register(async (scope) => mod(scope.withTypeProvider<ZodTypeProvider>(), routeDeps));
  }
  app.get('/api/openapi.json', { config: { permission: 'public' }, schema: { hide: true } }, async () => app.swagger());
  // The desk's document carries the signed-in agent's queue (first-screen.ts), read as the API reads it.
  await app.register(webRoutes, { config: cfg, firstScreen: { db: deps.database.db, sessionUser: auth.sessionUser, strict: deps.strictResponses } });
  await app.ready();
  return Object.assign(app, { registeredRoutes: routes }) as unknown as App;
}

export type TypedApp = FastifyInstance<any, any, any, any, ZodTypeProvider>;

/** Replaces NUL characters in every string of a parsed JSON value. */
function stripNul(v: unknown): unknown {
  if (typeof v === 'string') return v.includes('\u0000') ? v.replaceAll('\u0000', '\uFFFD') : v;
  if (Array.isArray(v)) return v.map(stripNul);
  if (v && typeof v === 'object') {
    for (const [k, x] of Object.entries(v)) (v as Record<string, unknown>)[k] = stripNul(x);
  }
  return v;
}
