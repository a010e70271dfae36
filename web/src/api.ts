// The API client: JSON over fetch with the session cookie, errors carrying
// the server's stable codes, and the shapes the server answers — taken from
// the server's own contract (api/schema.gen.ts, generated from
// /api/openapi.json by `npm run gen:api`), never re-typed by hand.
import type { Role } from '../../src/domain/authority.ts';
import type { components, paths } from './api/schema.gen.ts';

export type { Role };

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

/** A type without its index signature: only the fields the contract names. */
export type Known<T> = { [K in keyof T as string extends K ? never : number extends K ? never : K]: T[K] };

/**
 * LOOSE — a response whose schema is still open (passthrough objects, `unknown` fields) made
 * precise where the web needs it. R may only narrow what the contract says (each field of R
 * must fit the generated field), so a refinement can never contradict the server; once the
 * route's schema is complete, the refinement is redundant and can go. Listed in docs/ARCHITECTURE.md.
 */
export type Refine<G, R extends Refinement<G>> = Omit<Known<G>, keyof R> & R;
/** What may refine G: narrower types for its named fields, and new fields only where G is open. */
export type Refinement<G> = Partial<Known<G>> & (string extends keyof G ? Record<string, unknown> : unknown);

export type Money = components['schemas']['Money'];
export type User = Refine<ApiResponse<'/api/v1/session', 'get'>['user'], { role: Role }>;
export type Page<T> = { items: T[]; nextCursor: string | null };

/** A staff member in the user list (settings). */
export type StaffMember = Refine<Item<ApiResponse<'/api/v1/users', 'get'>['items']>, { role: Role }>;

// LOOSE: the case detail's schema lists only some fields and leaves detection and clocks unknown.
type CaseSchema = ApiResponse<'/api/v1/cases/{id}', 'get'>;
export type Detection = {
  language: string;
  dissatisfied: boolean;
  score: number;
  intensity: number;
  signals: { type: string; phrases: string[] }[];
  phrases: { text: string; start: number; end: number; kind: string }[];
  safetyNote?: string;
  messageId?: string;
};
export type Step = Refine<Item<CaseSchema['playbook']['steps']>, { rule: string; title: string; status: 'done' | 'pending' | 'skipped' | 'failed'; at: string | null; reason?: string; detail?: Record<string, unknown> }>;
export type CaseMessage = { id: string; direction: 'inbound' | 'outbound'; channel: string; kind: string; subject: string | null; body: string; authorUserId: string | null; deliveryStatus: string; createdAt: string };
export type Compensation = Refine<Item<CaseSchema['compensations']>, { caseId?: string; value: Money; status: 'granted' | 'pending_approval' | 'rejected'; description: string; decisionReason?: string | null; createdAt: string | null }>;
export type CaseDetail = Refine<
  CaseSchema,
  {
    subject: string | null;
    orderRef: string | null;
    owner: { id: string; name: string; role: string } | null;
    participants: { userId: string; role: string; reason: string | null; name: string }[];
    customer: Refine<CaseSchema['customer'], { tier: string | null; lifetimeValue: Money; contacts: { kind: string; value: string }[] }>;
    detection: Detection | null;
    playbook: Refine<CaseSchema['playbook'], { steps: Step[]; done: number; total: number }>;
    restatement: (Known<NonNullable<CaseSchema['restatement']>> & { correction: string | null; confirmedVia: string | null }) | null;
    options: (Known<Item<CaseSchema['options']>> & { description: string | null; cost: Money | null })[];
    commitments: Known<Item<CaseSchema['commitments']>>[];
    compensations: Compensation[];
    offers: { id: string; status: string; gift: { description: string; value: Money }; bonus: { value: Money; expiresAt: string | null }; choice: 'gift' | 'bonus' | 'both' | null }[];
    messages: CaseMessage[];
    timeline: (Known<Item<CaseSchema['timeline']>> & { id: string; actor: { type: string; id: string | null }; data: Record<string, unknown> })[];
    clocks: { id: string; kind: string; label: string | null; status: string; dueAt: string; color: 'red' | 'amber' | 'green' }[];
    createdAt: string;
  }
>;

// LOOSE: the queue row's schema names only some fields.
type CaseRowSchema = Item<ApiResponse<'/api/v1/cases', 'get'>['items']>;
export type CaseListItem = Refine<
  CaseRowSchema,
  {
    channel: string;
    language: string;
    subject: string | null;
    ownerId: string | null;
    customer: Known<CaseRowSchema['customer']>;
    dissatisfaction: { score: number; intensity: number } | null;
    nextDueAt: string | null;
    createdAt: string;
  }
>;

/** A compensation waiting for a decision, with its case number (approvals inbox). */
export type PendingCompensation = Item<ApiResponse<'/api/v1/compensations', 'get'>['items']>;

// LOOSE: settings' economics and keep-in-touch are open or unknown in the schema.
type SettingsSchema = ApiResponse<'/api/v1/settings', 'get'>;
export type Economics = Refine<
  SettingsSchema['economics'],
  {
    bonusValidMonths: number;
    bonusReminderDays: number;
    marginPercent: number;
    taxPercent: number | null;
    recoveryWindowMonths: number;
    abusePeriodDays: number;
    abuseMaxCount: number;
    abuseMaxValue: Money;
    monthlyAuthorityLimits: Record<Role, Money | null>;
  }
>;
export type Settings = Refine<
  SettingsSchema,
  {
    authorityLimits: Record<Role, Money | null>;
    economics: Economics;
    keepInTouch: { enabled: boolean; greeting: { month: number; day: number } | null; checkInMonths: number | null };
  }
>;

export type Warning = Item<ApiResponse<'/api/v1/cases/{id}/replies/check', 'post'>['warnings']>;

// LOOSE: the portal view's schema names only the case number, status and language.
export type PortalView = Refine<
  ApiResponse<'/api/v1/portal/{token}', 'get'>,
  {
    subject: string | null;
    customerName: string | null;
    owner: { name: string } | null;
    restatement: { text: string; status: string; correction: string | null } | null;
    options: { id: string; title: string; description: string | null; chosen: boolean }[];
    offers: { id: string; status: string; gift: { description: string; value: Money }; bonus: { value: Money; expiresAt: string | null }; choice: string | null }[];
    commitments: { description: string; dueAt: string; status: string }[];
    compensations: { kind: string; value: Money; description: string }[];
    messages: { direction: string; kind: string; subject: string | null; body: string; at: string }[];
    rating: { score: number } | null;
    createdAt: string;
  }
>;

// LOOSE: the customer's schema names only id, name and contacts.
export type Customer = Refine<
  ApiResponse<'/api/v1/customers/{id}', 'get'>,
  {
    language: string | null;
    tier: string | null;
    status: 'active' | 'departed' | 'ended';
    value: { lifetimeValue: Money; orderCount: number; averageOrder: Money; compensationGranted: Money };
    orders: { id: string; ref: string; total: Money; placedAt: string }[];
    cases: { id: string; number: string; status: string; priority: string; subject: string | null; createdAt: string }[];
    compensations: { id: string; caseId: string; kind: string; value: Money; status: string; description: string; createdAt: string }[];
    departure: { at: string | null; reason: string | null; kind: string | null; doNotContact: boolean; current: boolean } | null;
    touches: { id: string; kind: string; subject: string | null; deliveryStatus: string; deliveryNote: string | null; createdAt: string; sentAt: string | null }[];
  }
>;

// LOOSE: GET /api/v1/customers declares no response schema at all.
/** A row of the customer list. */
export type CustomerRow = { id: string; name: string | null; tier?: string | null; lifetimeValue?: Money };

export type CatalogItem = components['schemas']['CatalogItem'];
export type Bonus = components['schemas']['Bonus'];
export type RecoveryReturn = ApiResponse<'/api/v1/cases/{id}/recovery-return', 'get'>;

/** Authority left on a case and this month: a limit (null = unlimited), what is used, what remains. */
type AuthorityLeft = { limit: Money | null; used: Money; remaining: Money | null };
// LOOSE: the advice's schema names only `defect`.
export type Advice = Refine<
  ApiResponse<'/api/v1/cases/{id}/compensation-advice', 'get'>,
  {
    problemOrder: { id: string; ref: string; total: Money } | null;
    bonus: { suggested: Money | null; percent: number; validMonths: number; basis: string | null };
    catalog: CatalogItem[];
    double: { suggested: boolean; reasons: string[]; gift: CatalogItem | null; approvalRole: string | null };
    authority: { role: string; customerFactor: number; perCase: AuthorityLeft; perMonth: AuthorityLeft };
    repeatClaimant: { flagged: boolean; count: number; total: Money; periodDays: number };
  }
>;

// LOOSE: the discount arithmetic's schema names only the steps.
export type DiscountImpact = Refine<
  ApiResponse<'/api/v1/cases/{id}/discount-impact', 'post'>,
  {
    marginLostPercent: number;
    recommendation: 'replacement' | 'bonus' | 'discount';
    reasons: { code: string; message: string }[];
    alternatives: { bonusCost: Money | null };
    monthlyRevenueFrom: string;
    months: number;
  }
>;

// LOOSE: a review's figures are `unknown` in the schema.
type ReviewsSchema = ApiResponse<'/api/v1/customers/{id}/reviews', 'get'>;
/** The numbers a manager sees when reviewing a customer (P-3.8, P-3.9). */
export type ReviewFigures = { lifetimeValue: Money; orderCount: number; cases: number; compensationGranted: Money; recoveryEffort: Money; costToServe: Money; balance: Money; inPeriod: { days: number; count: number; total: Money } };
export type CustomerReviews = Refine<ReviewsSchema, { figures: ReviewFigures }>;

// LOOSE: the report totals are open objects in the schema.
type RecoveryReportSchema = ApiResponse<'/api/v1/reports/recovery-return', 'get'>;
export type RecoveryReport = Refine<RecoveryReportSchema, { totals: Refine<RecoveryReportSchema['totals'], { cost: Money; revenueAfter: Money; bonusRedeemed: Money; net: Money; ratio: number | null }> }>;
export type OfferChoices = Refine<
  ApiResponse<'/api/v1/reports/offer-choices', 'get'>,
  { choices: Record<'gift' | 'bonus' | 'both', { count: number; cameBack: number }>; bonuses: { issued: Money; redeemed: Money; expired: Money; active: Money } }
>;
type RepeatClaimantsSchema = ApiResponse<'/api/v1/reports/repeat-claimants', 'get'>;
export type RepeatClaimants = Refine<
  RepeatClaimantsSchema,
  { items: Refine<Item<RepeatClaimantsSchema['items']>, { name: string | null; inPeriod: { count: number; total: Money }; lastReview: { decision: string } | null }>[] }
>;

/** An error answer from the API, with its stable code. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** Calls the API; POSTs that create carry an Idempotency-Key so a double click creates one thing. */
export async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  const headers: Record<string, string> = {};
  if (body !== undefined) headers['content-type'] = 'application/json';
  if (method === 'POST') headers['idempotency-key'] = crypto.randomUUID();
  const res = await fetch(path, { method, headers, credentials: 'same-origin', body: body === undefined ? undefined : JSON.stringify(body) });
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
