// Small shared pieces of the desk: status and priority badges.
import { Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';

const PRIORITY_COLOR: Record<string, string> = { urgent: 'red', high: 'orange', normal: 'blue', low: 'gray' };
const STATUS_COLOR: Record<string, string> = { new: 'gray', acknowledged: 'blue', understood: 'cyan', resolving: 'violet', resolved: 'green', closed: 'dark' };

/** A case status in the reader's language. */
export function StatusBadge({ status }: { status: string }) {
  const { t } = useTranslation();
  return <Badge color={STATUS_COLOR[status] ?? 'gray'} variant="light" data-testid="case-status">{t(`status.${status}`)}</Badge>;
}

/** A priority, coloured by urgency. */
export function PriorityBadge({ priority }: { priority: string }) {
  const { t } = useTranslation();
  return <Badge color={PRIORITY_COLOR[priority] ?? 'gray'} variant="filled">{t(`priority.${priority}`)}</Badge>;
}

/** Statuses that still need someone's work. */
import { OPEN_STATUSES } from './queue-query.ts';
export { OPEN_STATUSES };
export const ALL_STATUSES = [...OPEN_STATUSES, 'resolved', 'closed'];
export const CHANNELS = ['email', 'web_form', 'phone', 'chat', 'review', 'social', 'survey', 'complaint_book', 'walk_in', 'letter', 'api', 'contract_end'];
