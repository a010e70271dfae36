// The API client: JSON over fetch with the session cookie, errors carrying
// the server's stable codes, and the shapes the server answers — taken from
// the server's own contract (api/schema.gen.ts, generated from
// /api/openapi.json by `npm run gen:api`), never re-typed by hand.
import type { components, paths } from './api/schema.gen.ts';
import { takeEarly } from './boot.ts';

type Method = 'get' | 'put' | 'post' | 'delete' | 'patch';
type Operation<P extends keyof paths, M extends Method> = NonNullable<paths[P][M]>;
type Json<R> = R extends { content: { 'application/json': infer J } } ? J : unknown;
type Success<R> = 200 extends keyof R ? R[200] : 201 extends keyof R ? R[201] : never;

/** The methods a path has in the contract (so `ApiResponse<'/api/v1/session', 'put'>` does not compile). */
export type ApiMethod<P extends keyof paths> = { [M in Method]-?: [NonNullable<paths[P][M]>] extends [never] ? never : M }[Method];

/** What a route answers on success (200 or 201), by path and method, as the server declares it. */
export type ApiResponse<P extends keyof paths, M extends ApiMethod<P>> = Json<Success<Operation<P, M>['responses']>>;

/** The JSON body a route accepts, by path and method. */
export type ApiBody<P extends keyof paths, M extends ApiMethod<P>> = Json<NonNullable<Operation<P, M>['requestBody']>>;

/** The query parameters a route accepts, by path and method. */
export type ApiQuery<P extends keyof paths, M extends ApiMethod<P>> = NonNullable<Operation<P, M>['parameters']['query']>;

/** The path parameters of a route, by path and method. */
export type ApiPathParams<P extends keyof paths, M extends ApiMethod<P>> = NonNullable<Operation<P, M>['parameters']['path']>;

/** The element type of a list. */
export type Item<L> = L extends readonly (infer T)[] ? T : never;

export type Money = components['schemas']['Money'];
export type User = ApiResponse<'/api/v1/session', 'get'>['user'];
export type Page<T> = { items: T[]; nextCursor: string | null };

/** A staff member in the user list (settings). */
export type StaffMember = Item<ApiResponse<'/api/v1/users', 'get'>['items']>;
/** A colleague in the desk's directory (owner names, the reassign list). */
export type Colleague = Item<ApiResponse<'/api/v1/colleagues', 'get'>['items']>;

export type CaseDetail = ApiResponse<'/api/v1/cases/{id}', 'get'>;
export type Detection = NonNullable<CaseDetail['detection']>;
export type Step = Item<CaseDetail['playbook']['steps']>;
export type CaseMessage = Item<CaseDetail['messages']>;
export type Compensation = Item<CaseDetail['compensations']>;

/** A row of the queue. */
export type CaseListItem = Item<ApiResponse<'/api/v1/cases', 'get'>['items']>;

/** A compensation waiting for a decision, with its case number (approvals inbox). */
export type PendingCompensation = Item<ApiResponse<'/api/v1/compensations', 'get'>['items']>;

export type Settings = ApiResponse<'/api/v1/settings', 'get'>;
export type Economics = Settings['economics'];

export type Warning = Item<ApiResponse<'/api/v1/cases/{id}/replies/check', 'post'>['warnings']>;

/** What the customer sees on the portal. */
export type PortalView = ApiResponse<'/api/v1/portal/{token}', 'get'>;

export type Customer = ApiResponse<'/api/v1/customers/{id}', 'get'>;
/** A row of the customer list. */
export type CustomerRow = Item<ApiResponse<'/api/v1/customers', 'get'>['items']>;

export type CatalogItem = components['schemas']['CatalogItem'];
export type Bonus = components['schemas']['Bonus'];
export type RecoveryReturn = ApiResponse<'/api/v1/cases/{id}/recovery-return', 'get'>;

/** The advice before compensating: problem order, bonus, catalog, double compensation, authority left. */
export type Advice = ApiResponse<'/api/v1/cases/{id}/compensation-advice', 'get'>;
export type DiscountImpact = ApiResponse<'/api/v1/cases/{id}/discount-impact', 'post'>;

export type CustomerReviews = ApiResponse<'/api/v1/customers/{id}/reviews', 'get'>;
/** The numbers a manager sees when reviewing a customer (P-3.8, P-3.9). */
export type ReviewFigures = CustomerReviews['figures'];

export type RecoveryReport = ApiResponse<'/api/v1/reports/recovery-return', 'get'>;
export type OfferChoices = ApiResponse<'/api/v1/reports/offer-choices', 'get'>;
export type RepeatClaimants = ApiResponse<'/api/v1/reports/repeat-claimants', 'get'>;

/** An error answer from the API, with its stable code. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** The server's per-field reasons for a 400: [{path: 'body/body', message}]. */
    readonly details?: unknown,
  ) {
    super(message);
  }
}

/** Calls the API; POSTs that create carry an Idempotency-Key so a double click creates one thing. */
export async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = {};
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method === 'POST') headers['idempotency-key'] = crypto.randomUUID();
  // The first screen's answers were asked for by boot.ts before this code arrived.
  const early = method === 'GET' ? takeEarly(path) : undefined;
  const res = await (early ?? fetch(path, { method, headers, credentials: 'same-origin', body: body === undefined ? undefined : JSON.stringify(body) }));
  const text = await res.text();
  const data = text ? JSON.parse(text) : null;
  if (!res.ok) throw new ApiError(res.status, data?.error?.code ?? 'ERROR', data?.error?.message ?? res.statusText, data?.error?.details);
  return data as T;
}

/** Posts a multipart form (a complaint or a portal message with files); the browser sets the boundary. */
export async function apiForm<T>(path: string, form: FormData): Promise<T> {
  const res = await fetch(path, { method: 'POST', headers: { 'idempotency-key': crypto.randomUUID() }, credentials: 'same-origin', body: form });
  const text = await res.text();
  const data = text ? JSON.parse(text) : null;
  if (!res.ok) throw new ApiError(res.status, data?.error?.code ?? 'ERROR', data?.error?.message ?? res.statusText);
  return data as T;
}

/** Builds a query string, leaving out empty values. */
export function qs(params: Record<string, string | undefined | null>): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v) p.set(k, v);
  const s = p.toString();
  return s ? `?${s}` : '';
}

/** The signed-in staff member, or null when nobody is signed in. */
export async function fetchSession(): Promise<User | null> {
  try {
    return (await api<{ user: User }>('GET', '/api/v1/session')).user;
  } catch (e) {
    if (e instanceof ApiError && e.status === 401) return null;
    throw e;
  }
}

/**
 * A list of every value of a union the contract declares (a body's enum, a path parameter), for
 * choices on screen: it does not compile when the list misses a value or adds one the server refuses.
 * Used for the few lists that are not in src/domain (the web imports those directly).
 */
export function everyValue<T extends string>() {
  return <const L extends readonly T[]>(list: L & ([T] extends [L[number]] ? unknown : { missing: Exclude<T, L[number]> })): L => list;
}
