// Canned replies in the composer (issue 13): search the templates, in the case's
// language first, and insert one with its placeholders filled in for this case.
// The reply checker still flags it until the agent makes it personal (P-2.5).
import { useState } from 'react';
import { Select } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, qs, type ApiResponse } from '../api.ts';

type Filled = ApiResponse<'/api/v1/cases/{id}/canned-replies', 'get'>;

/** A searchable select; picking a template hands its filled text to the composer. */
export function CannedReplyPicker({ caseId, onPick }: { caseId: string; onPick: (text: string) => void }) {
  const { t } = useTranslation();
  const [search, setSearch] = useState('');
  const q = search.trim();
  const list = useQuery({
    queryKey: ['canned-replies', caseId, q],
    queryFn: () => api<Filled>('GET', `/api/v1/cases/${caseId}/canned-replies${qs({ q })}`),
    placeholderData: (prev) => prev,
  });
  const items = list.data?.items ?? [];
  return (
    <Select
      label={t('desk.canned.insert')}
      placeholder={t('desk.canned.search')}
      searchable
      clearable
      value={null}
      searchValue={search}
      onSearchChange={setSearch}
      filter={({ options }) => options}
      nothingFoundMessage={t('desk.canned.noneInLanguage')}
      onChange={(id) => {
        const hit = items.find((i) => i.id === id);
        if (hit) onPick(hit.filled);
        setSearch('');
      }}
      data={items.map((i) => ({ value: i.id, label: i.title }))}
      data-testid="canned-picker"
    />
  );
}
