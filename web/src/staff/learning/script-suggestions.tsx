// Prepared scripts (P-4.7) matching the case's category and language and the reader's desk
// role (remembered in this browser): the composer inserts one, the playbook guide lists them.
import { useState } from 'react';
import { Anchor, Button, Card, Group, Select, Stack, Text } from '@mantine/core';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, qs, type ApiResponse, type Item } from '../../api.ts';

type Script = Item<ApiResponse<'/api/v1/scripts', 'get'>['items']>;
type Role = Item<ApiResponse<'/api/v1/script-roles', 'get'>['items']>;
const ROLE_KEY = 'amends.scriptRole';

/** The reader's desk role for scripts (receptionist, sales …), kept in this browser. */
function useScriptRole(): [string | null, (r: string | null) => void] {
  const [role, setRole] = useState<string | null>(() => localStorage.getItem(ROLE_KEY));
  return [role, (r) => { if (r) localStorage.setItem(ROLE_KEY, r); else localStorage.removeItem(ROLE_KEY); setRole(r); }];
}

/** Scripts for the case; with `onInsert`, each has a button that puts it in the reply and counts the use. */
export function ScriptSuggestions({ caseId, onInsert }: { caseId: string; onInsert?: (text: string) => void }) {
  const { t, i18n } = useTranslation();
  const qc = useQueryClient();
  const [role, setRole] = useScriptRole();
  const [open, setOpen] = useState(false);
  const roles = useQuery({ queryKey: ['script-roles'], queryFn: () => api<{ items: Role[] }>('GET', '/api/v1/script-roles'), staleTime: 60_000 });
  const scripts = useQuery({
    queryKey: ['scripts', caseId, role],
    queryFn: () => api<{ items: Script[] }>('GET', `/api/v1/scripts${qs({ caseId, role, limit: '5' })}`),
    enabled: open || !onInsert,
  });
  const use = (s: Script) => {
    onInsert?.(s.body);
    void api('POST', `/api/v1/scripts/${s.id}/uses`).then(() => qc.invalidateQueries({ queryKey: ['scripts'] }));
  };
  if (onInsert && !open) {
    return <Anchor component="button" type="button" size="sm" onClick={() => setOpen(true)} data-testid="scripts-open">{t('learning.scripts.suggest')}</Anchor>;
  }
  const items = scripts.data?.items ?? [];
  return (
    <Card withBorder p="xs" data-testid="script-suggestions">
      <Stack gap={6}>
        <Group justify="space-between" align="end">
          <Text size="sm" fw={600}>{t('learning.scripts.title')}</Text>
          <Select
            size="xs"
            w={200}
            aria-label={t('learning.scripts.myRole')}
            placeholder={t('learning.scripts.myRole')}
            clearable
            value={role}
            onChange={setRole}
            data={(roles.data?.items ?? []).map((r) => ({ value: r.key, label: r.labels[i18n.language] ?? r.labels.en ?? r.key }))}
          />
        </Group>
        {items.length === 0 && <Text size="xs" c="dimmed">{t('learning.scripts.none')}</Text>}
        {items.map((s) => (
          <div key={s.id}>
            <Text size="xs" fw={600}>{s.title}{s.situation ? ` — ${s.situation}` : ''}</Text>
            <Text size="xs" style={{ whiteSpace: 'pre-wrap' }} dir="auto">{s.body}</Text>
            {onInsert && <Button size="compact-xs" variant="light" mt={2} onClick={() => use(s)}>{t('learning.scripts.insert')}</Button>}
          </div>
        ))}
      </Stack>
    </Card>
  );
}
