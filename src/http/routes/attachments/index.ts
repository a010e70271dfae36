// Files kept with messages (/api/v1/attachments/:id): email attachments,
// complaint-book photos and the customer's uploads, downloaded by staff, or
// previewed inline when they are images or PDFs. Never rendered as HTML: the
// type a file claims is only trusted for the previewable kinds, nosniff always,
// and a sandbox CSP so a PDF (or anything opened directly) runs no script.
import { z } from 'zod';
import type { RouteDeps, TypedApp } from '../../app.ts';
import { IdParams } from '../../schemas.ts';
import { getAttachment } from '../../../channels/get-attachment.ts';
import { PREVIEWABLE } from '../../../domain/file-types.ts';

/** Content-Disposition with an ASCII fallback and the UTF-8 name (RFC 6266). */
export function contentDisposition(kind: 'inline' | 'attachment', filename: string): string {
  const ascii = filename.replace(/[^\x20-\x7e]/g, '_').replace(/["\\]/g, '_');
  return `${kind}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(filename)}`;
}

/** GET /attachments/:id (?inline=true for a preview). */
export async function attachmentRoutes(app: TypedApp, deps: RouteDeps) {
  app.get(
    '/api/v1/attachments/:id',
    {
      config: { permission: 'cases:read' },
      schema: {
        tags: ['channels'],
        summary: 'Download a file kept with a message; inline=true previews an image or PDF',
        params: IdParams,
        querystring: z.object({ inline: z.enum(['true', 'false']).optional() }),
      },
    },
    async (req, reply) => {
      const a = await getAttachment(deps.database.db, req.params.id);
      const type = a.contentType.split(';')[0]!.trim().toLowerCase();
      const inline = req.query.inline === 'true' && PREVIEWABLE.has(type);
      // A type a browser could run (HTML, SVG, XML, script) is never sent as itself.
      const safeType = inline || /^(text\/plain|image\/(jpeg|png|gif|webp)|application\/(pdf|zip|msword|vnd\.[\w.+-]+))$/.test(type) ? a.contentType : 'application/octet-stream';
      return reply
        .header('content-type', safeType)
        .header('content-disposition', contentDisposition(inline ? 'inline' : 'attachment', a.filename))
        .header('x-content-type-options', 'nosniff')
        .header('content-security-policy', "sandbox; default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline'")
        .header('cross-origin-resource-policy', 'same-origin')
        .header('cache-control', 'private, max-age=300')
        .send(a.content);
    },
  );
}
