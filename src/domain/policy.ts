// Default deny (STYLE 6): every route names one permission; these are the
// only grants. A role missing a permission gets 403.
import type { Role } from './authority.ts';

export const PERMISSIONS = [
  'cases:read',
  'cases:write',
  'customers:read',
  'customers:write',
  /** Every customer's personal data at once (the CSV export): more than an agent's daily work needs. */
  'customers:export',
  'compensations:decide',
  'reports:read',
  /** Every case or compensation at once as CSV (the queue and ledger exports): supervisors up. */
  'cases:export',
  /** The staff list with emails and roles. */
  'staff:read',
  'users:manage',
  'settings:manage',
  /** The canned replies every agent inserts: supervisors and admins keep them (issue 13). */
  'replies:manage',
  /** The audit log (issue 14): who did what to settings, staff, tokens and customers' data. */
  'audit:read',
  /** Data-subject requests (GDPR Art. 15, 17, 20): one customer's whole archive, and erasing them. */
  'customers:privacy',
  /** Feeding channels in (a mail server's pipe, the phone system, review feeds): give it to a scoped token. */
  'channels:ingest',
  /** Root causes and corrective actions (P-4.3, P-4.4): record, link cases, mark done. */
  'causes:manage',
  /** The employee ledger (P-4.8): mark complaints justified, record praise, read and export ledgers. */
  'people:manage',
  /** The category taxonomy (admins). */
  'categories:manage',
  /** Prepared scripts per role and situation (P-4.7; admins). */
  'scripts:manage',
  /** Outgoing webhooks: where case events are sent, and with which secret. */
  'webhooks:manage',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const STAFF: Permission[] = ['cases:read', 'cases:write', 'customers:read', 'customers:write'];

/** What each role may do; compensation approval is further bounded by authority limits. */
export const ROLE_PERMISSIONS: Record<Role, readonly Permission[]> = {
  agent: STAFF,
  supervisor: [...STAFF, 'compensations:decide', 'reports:read', 'customers:export', 'cases:export', 'staff:read', 'causes:manage', 'people:manage', 'replies:manage'],
  head: [...STAFF, 'compensations:decide', 'reports:read', 'customers:export', 'cases:export', 'staff:read', 'causes:manage', 'people:manage', 'replies:manage'],
  admin: [...PERMISSIONS],
};

export function roleCan(role: Role, permission: Permission): boolean {
  return ROLE_PERMISSIONS[role].includes(permission);
}

/** Roles that decide compensation requests above someone else's authority (the approvals inbox, P-3.3). */
export const DECIDER_ROLES: readonly Role[] = (Object.keys(ROLE_PERMISSIONS) as Role[]).filter((r) => roleCan(r, 'compensations:decide'));
