// Small shared pieces of the desk: status and priority badges (sized to their
// words in every language, never cut), the case number that never wraps, and
// the queue's next-deadline badge (coloured as the case's clocks, clocks-card.tsx).
import { Badge, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { formatAge, formatDateTime } from '../format.ts';
import type { CaseStatus, Priority } from '../../../src/domain/case-lifecycle.ts';

const PRIORITY_COLOR: Record<Priority, string> = { urgent: 'red', high: 'orange', normal: 'blue', low: 'gray' };
const STATUS_COLOR: Record<CaseStatus, string> = { new: 'gray', acknowledged: 'blue', understood: 'cyan', resolving: 'violet', resolved: 'green', closed: 'dark' };

/** A case status in the reader's language. */
export function StatusBadge({ status }: { status: string }) {
  const { t } = useTranslation();
  return <Badge color={STATUS_COLOR[status as CaseStatus] ?? 'gray'} variant="light" data-testid="case-status" data-fit>{t(`status.${status}`)}</Badge>;
}

/** A priority, coloured by urgency. */
export function PriorityBadge({ priority }: { priority: string }) {
  const { t } = useTranslation();
  return <Badge color={PRIORITY_COLOR[priority as Priority] ?? 'gray'} variant="filled" data-fit>{t(`priority.${priority}`)}</Badge>;
}

/** "C-000123" on one line, wherever it is shown. */
export function CaseNumber({ number }: { number: string }) {
  return <span data-testid="case-no" data-fit style={{ whiteSpace: 'nowrap' }}>{number}</span>;
}

/** The queue's badge: when the clock nearest to breach falls due. */
export function DeadlineBadge({ dueAt, now = Date.now() }: { dueAt: string | null; now?: number }) {
  const { i18n } = useTranslation();
  if (!dueAt) return <Text size="sm" c="dimmed">—</Text>;
  const left = Date.parse(dueAt) - now;
  const color = left < 0 ? 'red' : left < 2 * 3_600_000 ? 'orange' : 'green';
  return (
    <Badge color={color} variant={left < 0 ? 'filled' : 'light'} data-testid="deadline" data-color={color} title={formatDateTime(dueAt, i18n.language)}>
      {formatAge(dueAt, i18n.language, now)}
    </Badge>
  );
}
