// Canned replies for supervisors, heads and admins (issue 13): per language,
// with the placeholders the composer fills in.
import { useState } from 'react';
import { Alert, Button, Card, Group, Select, Stack, Table, Text, TextInput, Textarea, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { LANGUAGES as LANGUAGE_CODES } from '../../../src/domain/languages.ts';
import { PLACEHOLDERS } from '../../../src/domain/canned-replies.ts';
import { api, qs, type ApiResponse, type Item } from '../api.ts';
import { LANGUAGES } from '../i18n/index.ts';

type CannedReply = Item<ApiResponse<'/api/v1/canned-replies', 'get'>['items']>;
const EMPTY = { language: 'en', title: '', body: '' };

/** The list with search and language filter, and a form to add or change one. */
export function CannedRepliesSettings() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [language, setLanguage] = useState<string | null>(null);
  const [search, setSearch] = useState('');
  const list = useQuery({
    queryKey: ['canned-replies', 'all', language, search.trim()],
    queryFn: () => api<{ items: CannedReply[] }>('GET', `/api/v1/canned-replies${qs({ language, q: search.trim() })}`),
  });
  const [editing, setEditing] = useState<string | null>(null);
  const [form, setForm] = useState(EMPTY);
  const done = () => {
    setEditing(null);
    setForm(EMPTY);
    void qc.invalidateQueries({ queryKey: ['canned-replies'] });
  };
  const save = useMutation({
    mutationFn: () => (editing ? api('PATCH', `/api/v1/canned-replies/${editing}`, form) : api('POST', '/api/v1/canned-replies', form)),
    onSuccess: done,
  });
  const remove = useMutation({ mutationFn: (id: string) => api('DELETE', `/api/v1/canned-replies/${id}`), onSuccess: done });
  const languages = LANGUAGE_CODES.map((code) => ({ value: code, label: LANGUAGES.find((l) => l.code === code)?.name ?? code }));
  return (
    <Stack>
      <Title order={2}>{t('desk.canned.title')}</Title>
      <Card withBorder>
        <Title order={4} mb="xs">{editing ? t('desk.canned.edit') : t('desk.canned.add')}</Title>
        <Stack gap="xs">
          <Group grow align="end">
            <Select label={t('desk.canned.language')} data={languages} value={form.language} onChange={(v) => setForm({ ...form, language: v ?? 'en' })} allowDeselect={false} />
            <TextInput label={t('desk.canned.name')} value={form.title} onChange={(e) => setForm({ ...form, title: e.currentTarget.value })} data-testid="canned-title" />
          </Group>
          <Textarea
            label={t('desk.canned.text')}
            description={t('desk.canned.placeholders', { list: PLACEHOLDERS.map((p) => `{{${p}}}`).join(', '), interpolation: { escapeValue: false } })}
            autosize
            minRows={4}
            value={form.body}
            onChange={(e) => setForm({ ...form, body: e.currentTarget.value })}
            data-testid="canned-body"
            dir="auto"
          />
          <Group>
            <Button onClick={() => save.mutate()} loading={save.isPending} disabled={!form.title.trim() || !form.body.trim()} data-testid="canned-save">{t('desk.canned.save')}</Button>
            {editing && <Button variant="subtle" onClick={done}>{t('desk.canned.cancel')}</Button>}
          </Group>
          {save.error && <Alert color="red" role="alert">{save.error.message}</Alert>}
        </Stack>
      </Card>
      <Card withBorder>
        <Group mb="xs" align="end">
          <Select label={t('desk.canned.language')} data={languages} value={language} onChange={setLanguage} clearable placeholder={t('desk.canned.allLanguages')} w={180} />
          <TextInput label={t('desk.canned.searchLabel')} value={search} onChange={(e) => setSearch(e.currentTarget.value)} w={260} />
        </Group>
        {list.data?.items.length === 0 && <Text c="dimmed">{t('desk.canned.none')}</Text>}
        <Table>
          <Table.Tbody>
            {list.data?.items.map((r) => (
              <Table.Tr key={r.id}>
                <Table.Td w={50}>{r.language}</Table.Td>
                <Table.Td>
                  <Text fw={500}>{r.title}</Text>
                  <Text size="sm" c="dimmed" lineClamp={2} dir="auto">{r.body}</Text>
                </Table.Td>
                <Table.Td w={180}>
                  <Group gap="xs">
                    <Button size="xs" variant="light" onClick={() => { setEditing(r.id); setForm({ language: r.language, title: r.title, body: r.body }); }}>{t('desk.canned.edit')}</Button>
                    <Button size="xs" variant="subtle" color="red" onClick={() => remove.mutate(r.id)}>{t('desk.canned.delete')}</Button>
                  </Group>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Card>
    </Stack>
  );
}
