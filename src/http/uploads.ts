// Files customers attach (the public form, the portal): a route that takes them
// says `config.uploads`; its scope parses multipart/form-data with the upload
// limits, turns the text fields into the body the route's schema validates (so
// the same route keeps taking JSON) and keeps the files for the handler.
import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Config } from '../config.ts';
import { AppError } from '../domain/errors.ts';
import { uploadKinds, type Upload, type UploadPolicy } from '../channels/store-uploads.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The route accepts multipart/form-data with files (checked by `checkUploads`). */
    uploads?: boolean;
  }
}

const files = new WeakMap<FastifyRequest, Upload[]>();

/** The files sent with a multipart request (none for JSON). */
export function uploadsOf(req: FastifyRequest): Upload[] {
  return files.get(req) ?? [];
}

/** The configured upload policy. */
export function uploadPolicy(cfg: Config): UploadPolicy {
  return { maxBytes: cfg.UPLOAD_MAX_BYTES, maxFiles: cfg.UPLOAD_MAX_FILES, kinds: uploadKinds(cfg.UPLOAD_TYPES) };
}

/** Lets the routes of this scope that say `uploads` take multipart/form-data. */
export async function acceptUploads(scope: FastifyInstance, cfg: Config): Promise<void> {
  await scope.register(multipart, {
    // One byte over the limit is enough to know; FST_REQ_FILE_TOO_LARGE maps to FILE_TOO_LARGE (413).
    limits: { fileSize: cfg.UPLOAD_MAX_BYTES, files: cfg.UPLOAD_MAX_FILES, fields: 20, fieldSize: 100_000, parts: cfg.UPLOAD_MAX_FILES + 20, headerPairs: 50 },
  });
  scope.addHook('preValidation', async (req) => {
    if (!req.isMultipart()) return;
    if (!req.routeOptions.config.uploads) throw new AppError('UNSUPPORTED_MEDIA_TYPE', 'this route takes JSON only');
    const body: Record<string, string> = {};
    const got: Upload[] = [];
    try {
      for await (const part of req.parts()) {
        if (part.type === 'file') {
          const content = await part.toBuffer();
          // A file input left empty arrives as a part with no name and no bytes.
          if (content.length === 0 && !part.filename) continue;
          got.push({ filename: part.filename, declaredType: part.mimetype, content });
        } else if (typeof part.value === 'string' && part.value !== '') body[part.fieldname] = part.value;
      }
    } catch (err) {
      // The plugin's own errors (too large, too many) carry codes the error handler maps; a broken body is the client's.
      const status = (err as { statusCode?: number }).statusCode;
      if (err instanceof AppError || (status && status < 500)) throw err;
      throw new AppError('VALIDATION_FAILED', `the multipart body is malformed: ${(err as Error).message}`);
    }
    req.body = body;
    files.set(req, got);
  });
}
