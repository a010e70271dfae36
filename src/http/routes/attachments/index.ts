// Files kept with messages (/api/v1/attachments/:id): email attachments and
// complaint-book photos, downloaded by staff.
import type { RouteDeps, TypedApp } from '../../app.ts';
import { IdParams } from '../../schemas.ts';
import { getAttachment } from '../../../channels/get-attachment.ts';

/** GET /attachments/:id. */
export async function attachmentRoutes(app: TypedApp, deps: RouteDeps) {
  app.get(
    '/api/v1/attachments/:id',
    { config: { permission: 'cases:read' }, schema: { tags: ['channels'], summary: 'Download a file kept with a message', params: IdParams } },
    async (req, reply) => {
      const a = await getAttachment(deps.database.db, req.params.id);
      return reply.header('content-type', a.contentType).header('content-disposition', `attachment; filename="${a.filename}"`).header('x-content-type-options', 'nosniff').send(a.content);
    },
  );
}
