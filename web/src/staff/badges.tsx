// Small shared pieces of the desk: status and priority badges (sized to their
// words in every language, never cut) and the case number that never wraps.
import { Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';
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
