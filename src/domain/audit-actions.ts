// The audit log's vocabulary (issue 14): one stable verb per admin or data-access
// action; filters, exports and the admin screen key on it.

export const AUDIT_ACTIONS = [
  'settings.update',
  'settings.import_holidays',
  'catalog.change',
  'user.create',
  'user.update',
  'user.role_change',
  'user.deactivate',
  'api_token.issue',
  'api_token.revoke',
  'customer.merge',
  'case.merge',
  'case.split',
  'cases.export',
  'compensations.export',
  'ledger.export',
  'customers.export',
  'customers.import',
  'customer.export_data',
  'customer.erase',
  'retention.sweep',
  'audit.export',
  'session.sign_in',
  'session.sign_in_failed',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];
