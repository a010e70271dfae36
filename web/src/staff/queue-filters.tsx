// The queue's filter menus (owner, status, channel, language, order): Mantine's
// Select and MultiSelect bring Combobox and floating-ui, which the queue's first
// rows do not need, so queue.tsx loads this chunk beside them, not before.
import { MultiSelect, Select } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { everyValue, type ApiQuery } from '../api.ts';
import { LANGUAGES } from '../i18n/index.ts';
import { CASE_STATUSES } from '../../../src/domain/case-lifecycle.ts';
import { CHANNELS } from '../../../src/domain/channels.ts';

/** The queue's orders, as the server accepts them (in the order the menu shows them). */
const SORTS = everyValue<Sort>()(['priority', 'deadline', 'dissatisfaction', 'churn', 'oldest', 'newest']);
export type Sort = NonNullable<ApiQuery<'/api/v1/cases', 'get'>['sort']>;

export interface QueueFilterState {
  owner: string;
  setOwner(v: string): void;
  status: string[];
  setStatus(v: string[]): void;
  channel: string[];
  setChannel(v: string[]): void;
  language: string[];
  setLanguage(v: string[]): void;
  sort: Sort;
  setSort(v: Sort): void;
}

/** The menus, side by side (queue.tsx wraps them in the group that folds on a phone). */
export function QueueFilters({ f }: { f: QueueFilterState }) {
  const { t } = useTranslation();
  const opt = (prefix: string, values: readonly string[]) => values.map((v) => ({ value: v, label: t(`${prefix}.${v}`) }));
  return (
    <>
      <Select label={t('queue.owner')} value={f.owner} onChange={(v) => f.setOwner(v ?? 'all')} allowDeselect={false} data-testid="queue-owner" data={[
        { value: 'all', label: t('queue.ownerAll') },
        { value: 'mine', label: t('queue.ownerMine') },
        { value: 'involving', label: t('queue.ownerInvolving') },
      ]} />
      <MultiSelect label={t('queue.status')} value={f.status} onChange={f.setStatus} data={opt('status', CASE_STATUSES)} clearable w={260} />
      <MultiSelect label={t('queue.channel')} value={f.channel} onChange={f.setChannel} data={opt('channel', CHANNELS)} clearable w={200} />
      <MultiSelect label={t('queue.language')} value={f.language} onChange={f.setLanguage} data={LANGUAGES.map((l) => ({ value: l.code, label: l.name }))} clearable w={180} />
      <Select label={t('queue.sort')} value={f.sort} onChange={(v) => f.setSort((v as Sort) ?? 'priority')} allowDeselect={false} data={SORTS.map((s) => ({ value: s, label: s === 'churn' ? t('reports.churn.sort') : t(`queue.sortBy.${s}`) }))} />
    </>
  );
}
