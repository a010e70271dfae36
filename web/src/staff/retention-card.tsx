// How long personal data is kept (issue 14): one period per class; empty keeps it for
// ever. The worker's hourly sweep enforces it (docs/DATA-RIGHTS.md).
import { useEffect, useState } from 'react';
import { Alert, Button, Card, Group, NumberInput, Text, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, type Settings } from '../api.ts';

type Retention = Settings['retention'];
const FIELDS: { key: keyof Retention; max: number }[] = [
  { key: 'rawMailDays', max: 36_500 },
  { key: 'attachmentDays', max: 36_500 },
  { key: 'formMetadataDays', max: 36_500 },
  { key: 'finishedJobDays', max: 36_500 },
  { key: 'closedCaseYears', max: 100 },
];

/** The retention periods on the settings screen (admins). */
export function RetentionCard({ value }: { value: Retention }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [v, setV] = useState(value);
  useEffect(() => setV(value), [value]);
  const save = useMutation({
    mutationFn: () => api('PUT', '/api/v1/settings', { retention: v }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['settings'] }),
  });
  return (
    <Card withBorder data-testid="retention">
      <Title order={4} mb="xs">{t('audit.retention.title')}</Title>
      <Text size="sm" c="dimmed" mb="xs">{t('audit.retention.intro')}</Text>
      <Group align="end">
        {FIELDS.map((f) => (
          <NumberInput key={f.key} label={t(`audit.retention.${f.key}`)} placeholder={t('audit.retention.forever')} min={1} max={f.max} w={190} allowDecimal={false}
            value={v[f.key] ?? ''} onChange={(n) => setV({ ...v, [f.key]: n === '' ? null : Number(n) })} />
        ))}
        <Button onClick={() => save.mutate()} loading={save.isPending} data-testid="retention-save">{t('settings.save')}</Button>
      </Group>
      {save.error && <Alert color="red" mt="xs">{save.error.message}</Alert>}
      {save.isSuccess && <Alert color="teal" mt="xs">{t('settings.saved')}</Alert>}
    </Card>
  );
}
