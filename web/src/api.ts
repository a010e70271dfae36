// The API client: JSON over fetch with the session cookie, errors carrying
// the server's stable codes, and the shapes the server answers (docs/API.md).
export type Money = { amount: string; currency: string };
export type Role = 'agent' | 'supervisor' | 'head' | 'admin';
export type User = { id: string; email: string; name: string; role: Role; locale: string; languages: string[] };

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
export type Step = { key: string; rule: string; title: string; status: 'done' | 'pending' | 'skipped' | 'failed'; at: string | null; reason?: string; detail?: Record<string, unknown> };
export type CaseMessage = { id: string; direction: 'inbound' | 'outbound'; channel: string; kind: string; subject: string | null; body: string; authorUserId: string | null; deliveryStatus: string; createdAt: string };
export type Compensation = { id: string; caseId?: string; kind: string; value: Money; status: 'granted' | 'pending_approval' | 'rejected'; approvalRole: string | null; description: string; decisionReason?: string | null; createdAt: string | null };
export type CaseDetail = {
  id: string;
  number: string;
  status: string;
  channel: string;
  priority: string;
  language: string;
  subject: string | null;
  orderRef: string | null;
  ownerId: string | null;
  owner: { id: string; name: string; role: string } | null;
  participants: { userId: string; role: string; reason: string | null; name: string }[];
  customer: { id: string; name: string | null; tier: string | null; lifetimeValue: Money; contacts: { kind: string; value: string }[] };
  detection: Detection | null;
  playbook: { steps: Step[]; next: string | null; done: number; total: number };
  restatement: { id: string; text: string; status: string; correction: string | null; confirmedVia: string | null } | null;
  options: { id: string; title: string; description: string | null; cost: Money | null; chosen: boolean }[];
  commitments: { id: string; description: string; dueAt: string; status: string }[];
  compensations: Compensation[];
  offers: { id: string; status: string; gift: { description: string; value: Money }; bonus: { value: Money; expiresAt: string | null }; choice: 'gift' | 'bonus' | 'both' | null }[];
  messages: CaseMessage[];
  timeline: { id: string; type: string; actor: { type: string; id: string | null }; data: Record<string, unknown>; at: string | null }[];
  clocks: { id: string; kind: string; label: string | null; status: string; dueAt: string; color: 'red' | 'amber' | 'green' }[];
  createdAt: string;
};
export type CaseListItem = {
  id: string;
  number: string;
  status: string;
  priority: string;
  channel: string;
  language: string;
  subject: string | null;
  ownerId: string | null;
  customer: { id: string; name: string | null };
  dissatisfaction: { score: number; intensity: number } | null;
  nextDueAt: string | null;
  createdAt: string;
};
export type Page<T> = { items: T[]; nextCursor: string | null };
export type Economics = {
  bonusPercent: number;
  bonusValidMonths: number;
  bonusReminderDays: number;
  marginPercent: number;
  taxPercent: number | null;
  recoveryWindowMonths: number;
  abusePeriodDays: number;
  abuseMaxCount: number;
  abuseMaxValue: Money;
  monthlyAuthorityLimits: Record<Role, Money | null>;
};
export type Settings = {
  currency: string;
  authorityLimits: Record<Role, Money | null>;
  followUpDays: number;
  highValueThreshold: Money;
  economics: Economics;
  keepInTouch: { enabled: boolean; greeting: { month: number; day: number } | null; checkInMonths: number | null };
};
export type Warning = { code: string; rule: string; message: string };
export type PortalView = {
  caseNumber: string;
  status: string;
  language: string;
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
};
export type Customer = {
  id: string;
  name: string | null;
  language: string | null;
  tier: string | null;
  status: 'active' | 'departed' | 'ended';
  contacts: { kind: string; value: string }[];
  value: { lifetimeValue: Money; orderCount: number; averageOrder: Money; compensationGranted: Money };
  orders: { id: string; ref: string; total: Money; placedAt: string }[];
  cases: { id: string; number: string; status: string; priority: string; subject: string | null; createdAt: string }[];
  compensations: { id: string; caseId: string; kind: string; value: Money; status: string; description: string; createdAt: string }[];
  departure: { at: string | null; reason: string | null; kind: string | null; doNotContact: boolean; current: boolean } | null;
  touches: { id: string; kind: string; subject: string | null; deliveryStatus: string; deliveryNote: string | null; createdAt: string; sentAt: string | null }[];
};

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
