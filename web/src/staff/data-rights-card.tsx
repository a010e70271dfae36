// Data-subject requests on the customer page (admins, GDPR Art. 15, 17, 20): download
// everything about the customer as one zip, or erase them after a confirmation.
import { useState } from 'react';
import { Alert, Button, Card, Group, Stack, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, type ApiResponse } from '../api.ts';

type Erasure = ApiResponse<'/api/v1/customers/{id}/erase', 'post'>;

/** Export and erase; erasing asks for the word ERASE first, since it cannot be undone. */
export function DataRightsCard({ id }: { id: string }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [confirm, setConfirm] = useState('');
  const erase = useMutation({
    mutationFn: () => api<Erasure>('POST', `/api/v1/customers/${id}/erase`),
    onSuccess: () => {
      setConfirm('');
      void qc.invalidateQueries({ queryKey: ['customer', id] });
    },
  });
  return (
    <Card withBorder data-testid="data-rights">
      <Stack gap="xs">
        <Title order={4}>{t('audit.dataRights.title')}</Title>
        <Text size="sm" c="dimmed">{t('audit.dataRights.intro')}</Text>
        <Group align="end">
          <Button component="a" variant="default" href={`/api/v1/customers/${id}/export`} download data-testid="customer-export">{t('audit.dataRights.export')}</Button>
          <TextInput label={t('audit.dataRights.confirmLabel')} value={confirm} onChange={(e) => setConfirm(e.currentTarget.value)} w={200} />
          <Button color="red" disabled={confirm.trim().toUpperCase() !== 'ERASE'} loading={erase.isPending} onClick={() => erase.mutate()} data-testid="customer-erase">
            {t('audit.dataRights.erase')}
          </Button>
        </Group>
        {erase.data && <Alert color="teal" data-testid="customer-erased">{t('audit.dataRights.erased', { cases: erase.data.caseNumbers.length })}</Alert>}
        {erase.error && <Alert color="red">{(erase.error as Error).message}</Alert>}
      </Stack>
    </Card>
  );
}
