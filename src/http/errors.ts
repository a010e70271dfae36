// One error shape for every failure: { error: { code, message, details } }.
// Bad input is a 4xx with a stable code; a 500 never leaks its details.
import type { FastifyError, FastifyInstance } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { AppError, type ErrorCode } from '../domain/errors.ts';
import { isDatabaseUnavailable } from '../db/client.ts';

/** Seconds a client should wait before trying again when the database is down. */
export const RETRY_AFTER_SECONDS = 5;

const FASTIFY_CODES: Record<string, ErrorCode> = {
  FST_ERR_CTP_INVALID_JSON_BODY: 'INVALID_JSON',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'INVALID_JSON',
  FST_ERR_CTP_BODY_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'VALIDATION_FAILED',
  FST_ERR_VALIDATION: 'VALIDATION_FAILED',
  // Uploads (@fastify/multipart): too large, too many, malformed.
  FST_REQ_FILE_TOO_LARGE: 'FILE_TOO_LARGE',
  FST_FILES_LIMIT: 'TOO_MANY_FILES',
  FST_PARTS_LIMIT: 'PAYLOAD_TOO_LARGE',
  FST_FIELDS_LIMIT: 'PAYLOAD_TOO_LARGE',
  FST_PROTO_VIOLATION: 'VALIDATION_FAILED',
  FST_MP_PREMATURE_CLOSE: 'VALIDATION_FAILED',
};

export function send(reply: { code(n: number): { send(b: unknown): unknown } }, status: number, code: string, message: string, details?: unknown) {
  return reply.code(status).send({ error: { code, message, ...(details === undefined ? {} : { details }) } });
}

export function registerErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError, req, reply) => {
    if (err instanceof AppError) {
      const wait = (err.details as { retryAfterSeconds?: unknown } | undefined)?.retryAfterSeconds;
      if (typeof wait === 'number') reply.header('retry-after', String(wait));
      return send(reply, err.status, err.code, err.message, err.details);
    }
    if (hasZodFastifySchemaValidationErrors(err)) {
      const details = err.validation.map((v) => ({ path: `${err.validationContext ?? ''}${v.instancePath}`, message: v.message }));
      return send(reply, 400, 'VALIDATION_FAILED', 'the request is not valid', details);
    }
    if (isDatabaseUnavailable(err)) {
      req.log.warn({ err }, 'database unavailable');
      reply.header('retry-after', String(RETRY_AFTER_SECONDS));
      return send(reply, 503, 'SERVICE_UNAVAILABLE', 'the database is unavailable; try again shortly');
    }
    if (isResponseSerializationError(err)) {
      req.log.error({ err, cause: err.cause }, 'response does not match its schema');
      return send(reply, 500, 'INTERNAL_ERROR', 'something went wrong on our side');
    }
    if (err.statusCode === 429) return send(reply, 429, 'RATE_LIMITED', 'too many requests; slow down');
    const mapped = err.code ? FASTIFY_CODES[err.code] : undefined;
    if (mapped) return send(reply, err.statusCode ?? 400, mapped, err.message);
    if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) {
      return send(reply, err.statusCode, err.statusCode === 404 ? 'NOT_FOUND' : 'VALIDATION_FAILED', err.message);
    }
    req.log.error({ err }, 'unhandled error');
    return send(reply, 500, 'INTERNAL_ERROR', 'something went wrong on our side');
  });
  app.setNotFoundHandler((req, reply) => send(reply, 404, 'NOT_FOUND', `no route ${req.method} ${req.url.split('?')[0]}`));
}
