// Errors carry stable codes (STYLE 7). The domain and use cases throw
// AppError; one table maps each code to its HTTP status; 5xx details never
// reach a client.

/** Every stable error code the API can answer with, and its HTTP status. */
export const ERROR_STATUS = {
  VALIDATION_FAILED: 400,
  INVALID_JSON: 400,
  INVALID_MONEY: 400,
  INVALID_CURSOR: 400,
  INVALID_EMAIL: 400,
  INVALID_CSV: 400,
  UNAUTHENTICATED: 401,
  INVALID_CREDENTIALS: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CASE_NOT_FOUND: 404,
  CUSTOMER_NOT_FOUND: 404,
  OPTION_NOT_FOUND: 404,
  COMMITMENT_NOT_FOUND: 404,
  COMPENSATION_NOT_FOUND: 404,
  OFFER_NOT_FOUND: 404,
  USER_NOT_FOUND: 404,
  BONUS_NOT_FOUND: 404,
  ORDER_NOT_FOUND: 404,
  CATALOG_ITEM_NOT_FOUND: 404,
  PORTAL_LINK_INVALID: 404,
  CASE_STATE_CONFLICT: 409,
  CLOCK_STATE_CONFLICT: 409,
  CUSTOMER_STATE_CONFLICT: 409,
  RESTATEMENT_NOT_PENDING: 409,
  COMMITMENT_NOT_OPEN: 409,
  COMPENSATION_NOT_PENDING: 409,
  OFFER_NOT_OPEN: 409,
  ALREADY_RATED: 409,
  BONUS_NOT_ACTIVE: 409,
  CUSTOMER_MERGED: 409,
  NOT_CASE_HANDLER: 409,
  IDEMPOTENCY_KEY_REUSED: 422,
  DUPLICATE: 409,
  AUTHORITY_EXCEEDED: 422,
  CURRENCY_MISMATCH: 422,
  TOO_FEW_OPTIONS: 422,
  OWNER_NOT_ELIGIBLE: 422,
  MENTION_NOT_STAFF: 422,
  NO_CONTACT: 422,
  SELF_LOCKOUT: 422,
  REASON_REQUIRED: 422,
  ORDER_CUSTOMER_MISMATCH: 422,
  NO_ORDER_HISTORY: 422,
  BONUS_NOT_MORE_THAN_GIFT: 422,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  RATE_LIMITED: 429,
  INTERNAL_ERROR: 500,
  NOT_READY: 503,
  SERVICE_UNAVAILABLE: 503,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

/** The one error type a use case throws for an expected refusal. */
export class AppError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
    this.name = 'AppError';
  }

  get status(): number {
    return ERROR_STATUS[this.code];
  }
}
