// Notifications (/api/v1/notifications): a staff member's own — the list with the
// unread count, mark read, email preferences, and the live stream (server-sent
// events, signed in by the session cookie as every desk request is).
import type { OutgoingHttpHeaders } from 'node:http';
import { z } from 'zod';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { RouteDeps, TypedApp } from '../../app.ts';
import { staffActor } from '../../auth.ts';
import { mutate } from '../../mutate.ts';
import { errorResponses } from '../../schemas.ts';
import { AppError } from '../../../domain/errors.ts';
import { latestNotificationId, listNotifications, unreadCount } from '../../../notifications/list-notifications.ts';
import { markNotificationsRead } from '../../../notifications/mark-notifications-read.ts';
import { getNotificationPreferences, updateNotificationPreferences } from '../../../notifications/notification-preferences.ts';
import { EMAIL_KINDS, NOTIFICATION_KINDS } from '../../../notifications/notify.ts';

const NotificationSchema = z
  .object({
    id: z.number().int(),
    kind: z.enum(NOTIFICATION_KINDS),
    caseId: z.string().nullable(),
    data: z.record(z.string(), z.unknown()).describe('caseNumber, by (who did it), excerpt, and per kind: reason, clockKind, dueAt, approved, value'),
    read: z.boolean(),
    at: z.string(),
  })
  .meta({ id: 'Notification' });
const PageSchema = z.object({ items: z.array(NotificationSchema), unread: z.number().int(), nextCursor: z.number().int().nullable() });
const Cursor = z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER);
const ListQuery = z.object({ before: Cursor.optional(), limit: z.coerce.number().int().min(1).max(100).optional(), unread: z.enum(['true', 'false']).optional() });
const ReadBody = z.union([z.object({ ids: z.array(Cursor).min(1).max(500) }).strict(), z.object({ all: z.literal(true) }).strict()]);
const PreferencesSchema = z.object({ emailKinds: z.array(z.enum(EMAIL_KINDS)).max(EMAIL_KINDS.length) });

/** How often a quiet stream sends a comment, so proxies keep it open. */
const HEARTBEAT_MS = 25_000;

/** GET /notifications, POST /notifications/read, GET /notifications/stream, GET and PATCH /notifications/preferences. */
export async function notificationRoutes(app: TypedApp, deps: RouteDeps) {
  const { database } = deps;
  app.get(
    '/api/v1/notifications',
    { config: { permission: 'cases:read' }, schema: { tags: ['notifications'], summary: 'My notifications, newest first', querystring: ListQuery, response: { 200: PageSchema, ...errorResponses } } },
    async (req) => listNotifications(database.db, req.user!.id, { before: req.query.before, limit: req.query.limit, unreadOnly: req.query.unread === 'true' }) as Promise<z.infer<typeof PageSchema>>,
  );
  app.post(
    '/api/v1/notifications/read',
    {
      config: { permission: 'cases:read' },
      schema: { tags: ['notifications'], summary: 'Mark my notifications read (some, or all)', body: ReadBody, response: { 200: z.object({ marked: z.number().int(), unread: z.number().int() }), ...errorResponses } },
    },
    async (req, reply) => {
      const res = await mutate(deps, req, reply, 200, null, (tx) => markNotificationsRead(tx, staffActor(req), req.body));
      deps.hub.signal(req.user!.id);
      return res;
    },
  );
  app.get(
    '/api/v1/notifications/preferences',
    { config: { permission: 'cases:read' }, schema: { tags: ['notifications'], summary: 'Which of my notifications also come by email', response: { 200: PreferencesSchema, ...errorResponses } } },
    async (req) => getNotificationPreferences(database.db, req.user!.id) as Promise<z.infer<typeof PreferencesSchema>>,
  );
  app.patch(
    '/api/v1/notifications/preferences',
    {
      config: { permission: 'cases:read' },
      schema: { tags: ['notifications'], summary: 'Choose which of my notifications also come by email (default none)', body: PreferencesSchema, response: { 200: PreferencesSchema, ...errorResponses } },
    },
    async (req, reply) => mutate(deps, req, reply, 200, null, (tx) => updateNotificationPreferences(tx, staffActor(req), req.body)),
  );
  app.get(
    '/api/v1/notifications/stream',
    {
      config: { permission: 'cases:read' },
      schema: {
        tags: ['notifications'],
        summary: 'Live notifications (text/event-stream): `ready` and `unread` events with the count, one `notification` event per new row (id = the row id; Last-Event-ID resumes)',
        response: { ...errorResponses, 406: errorResponses[400] },
      },
    },
    (req, reply) => stream(deps, req, reply),
  );
}

/** The server-sent event stream of one signed-in user. */
async function stream(deps: RouteDeps, req: FastifyRequest, reply: FastifyReply): Promise<void> {
  if (!/text\/event-stream/.test(String(req.headers.accept ?? ''))) throw new AppError('NOT_ACCEPTABLE', 'this route streams server-sent events: send Accept: text/event-stream');
  const db = deps.database.db;
  const userId = req.user!.id;
  const resume = Number(req.headers['last-event-id']);
  let last = Number.isSafeInteger(resume) && resume > 0 ? resume : await latestNotificationId(db, userId);
  const raw = reply.raw;
  reply.hijack();
  // The reply's headers so far (the security headers, the request id) go with the stream's own.
  raw.writeHead(200, {
    ...(reply.getHeaders() as OutgoingHttpHeaders),
    'content-type': 'text/event-stream; charset=utf-8',
    'cache-control': 'no-cache, no-transform',
    connection: 'keep-alive',
    'x-content-type-options': 'nosniff',
    'x-accel-buffering': 'no',
  });
  const write = (event: string, data: unknown, id?: number) => raw.write(`${id ? `id: ${id}\n` : ''}event: ${event}\ndata: ${JSON.stringify(data)}\n\n`);
  let busy = false;
  let again = false;
  let open = true;
  // One refresh at a time; signals that arrive meanwhile fold into one more.
  const refresh = async () => {
    if (busy) return void (again = true);
    busy = true;
    try {
      do {
        again = false;
        const page = await listNotifications(db, userId, { after: last, limit: 100 });
        for (const n of page.items) {
          write('notification', n, n.id);
          last = n.id;
        }
        if (open) write('unread', { unread: page.unread });
      } while (again && open);
    } catch {
      // The database is away for a moment: the next signal or the poll retries.
    } finally {
      busy = false;
    }
  };
  const unsubscribe = await deps.hub.subscribe(userId, () => void refresh());
  const beat = setInterval(() => raw.write(': keep-alive\n\n'), HEARTBEAT_MS);
  const untrack = deps.hub.track(() => raw.end());
  const done = () => {
    open = false;
    clearInterval(beat);
    unsubscribe();
    untrack();
  };
  req.raw.on('close', done);
  raw.on('close', done);
  raw.write('retry: 3000\n\n');
  write('ready', { unread: await unreadCount(db, userId), mode: deps.hub.mode });
  // Rows written between reading `last` and subscribing are not missed.
  await refresh();
}
