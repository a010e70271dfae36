// Acting on the queue's selected cases together (queue-selection.tsx selects
// them): the bar that assigns, changes status or priority, answering per case.
// Its own chunk: the queue loads it once something is selected.
import { useState } from 'react';
import { Alert, Button, Group, List, Modal, Paper, Select, Stack, Text, Textarea } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { PRIORITIES } from '../../../src/domain/case-lifecycle.ts';
import { api, type ApiBody, type ApiResponse } from '../api.ts';
import { useStaff } from './take-over.tsx';
import type { QueueSelection } from './queue-selection.tsx';

type BulkBody = ApiBody<'/api/v1/cases/bulk', 'post'>;
type BulkResult = ApiResponse<'/api/v1/cases/bulk', 'post'>;

/** What the bar can do: assign to someone, a status move, a priority. */
type Choice = 'assign' | 'resolve' | 'close' | 'reopen' | 'priority';

/** The bar over the queue while cases are selected. */
export function BulkBar({ s }: { s: QueueSelection }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const staff = useStaff();
  const [choice, setChoice] = useState<Choice | null>(null);
  const [ownerId, setOwnerId] = useState<string | null>(null);
  const [priority, setPriority] = useState<string | null>(null);
  const [reason, setReason] = useState('');
  const [result, setResult] = useState<BulkResult | null>(null);
  const run = useMutation({
    mutationFn: (body: BulkBody) => api<BulkResult>('POST', '/api/v1/cases/bulk', body),
    onSuccess: (r) => {
      setResult(r);
      setChoice(null);
      setReason('');
      void qc.invalidateQueries({ queryKey: ['cases'] });
      if (r.failed === 0) s.clear();
    },
  });
  if (s.selected.size === 0 && !result) return null;
  const needsReason = choice === 'assign' || choice === 'close';
  const ready = choice !== null && (choice !== 'assign' || ownerId) && (choice !== 'priority' || priority) && (!needsReason || reason.trim());
  const submit = () =>
    run.mutate({
      caseIds: [...s.selected],
      action: choice!,
      ...(choice === 'assign' ? { ownerId: ownerId! } : {}),
      ...(choice === 'priority' ? { priority: priority as BulkBody['priority'] } : {}),
      ...(reason.trim() ? { reason: reason.trim() } : {}),
    });
  return (
    <Paper withBorder p="xs" data-testid="bulk-bar">
      <Group>
        <Text size="sm" fw={600} data-testid="bulk-count">{t('queuePower.bulk.selected', { count: s.selected.size })}</Text>
        {(['assign', 'priority', 'resolve', 'close', 'reopen'] as const).map((c) => (
          <Button key={c} size="xs" variant="light" disabled={s.selected.size === 0} onClick={() => { setResult(null); setChoice(c); }} data-testid={`bulk-${c}`}>
            {t(`queuePower.bulk.${c}`)}
          </Button>
        ))}
        <Button size="xs" variant="subtle" onClick={() => { s.clear(); setResult(null); }}>{t('queuePower.bulk.clear')}</Button>
      </Group>
      {result && (
        <Alert mt="xs" color={result.failed ? 'yellow' : 'teal'} data-testid="bulk-result" withCloseButton onClose={() => setResult(null)}>
          {t('queuePower.bulk.done', { ok: result.succeeded, failed: result.failed })}
          {result.failed > 0 && (
            <List size="sm">
              {result.results.filter((r) => !r.ok).map((r) => (
                <List.Item key={r.caseId}>{s.rows.find((x) => x.id === r.caseId)?.number ?? r.caseId}: {t(`queuePower.bulk.error.${r.code}`, { defaultValue: r.message ?? r.code })}</List.Item>
              ))}
            </List>
          )}
        </Alert>
      )}
      <Modal opened={choice !== null} onClose={() => setChoice(null)} title={choice ? t(`queuePower.bulk.${choice}`) : ''}>
        <Stack>
          <Text size="sm">{t('queuePower.bulk.confirm', { count: s.selected.size })}</Text>
          {choice === 'assign' && (
            <Select label={t('ownership.newOwner')} searchable value={ownerId} onChange={setOwnerId} data-testid="bulk-owner"
              data={(staff.data?.items ?? []).filter((u) => u.active).map((u) => ({ value: u.id, label: u.name }))} />
          )}
          {choice === 'priority' && (
            <Select label={t('queue.priority')} value={priority} onChange={setPriority} data-testid="bulk-priority" data={PRIORITIES.map((p) => ({ value: p, label: t(`priority.${p}`) }))} />
          )}
          <Textarea label={t('ownership.reason')} required={needsReason} autosize minRows={2} value={reason} onChange={(e) => setReason(e.currentTarget.value)} data-testid="bulk-reason" />
          {run.error && <Alert color="red" role="alert">{run.error.message}</Alert>}
          <Group justify="end">
            <Button variant="default" onClick={() => setChoice(null)}>{t('common.cancel')}</Button>
            <Button disabled={!ready} loading={run.isPending} onClick={submit} data-testid="bulk-submit">{t('queuePower.bulk.apply', { count: s.selected.size })}</Button>
          </Group>
        </Stack>
      </Modal>
    </Paper>
  );
}
