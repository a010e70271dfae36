// Merging a duplicate case into another and splitting a message out into a new
// case, each behind a confirmation: both change what the customer's link shows.
import { useState } from 'react';
import { Alert, Anchor, Button, Group, Modal, Select, Stack, Text, TextInput, Textarea } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, type CaseDetail } from '../api.ts';
import { Link, navigate } from '../router.tsx';

/** "Merge into…" and "Split…" on an open case's header. */
export function MergeSplitButtons({ c }: { c: CaseDetail }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState<'merge' | 'split' | null>(null);
  if (c.status === 'closed') {
    // A merged case points to the one that goes on.
    const merged = c.timeline.find((e) => e.type === 'merged_into')?.data as { intoCaseId?: string; intoNumber?: string } | undefined;
    return merged?.intoCaseId ? (
      <Alert color="gray" data-testid="merged-into">
        {t('queuePower.merge.mergedInto')} <Anchor component={Link} href={`/cases/${merged.intoCaseId}`}>{merged.intoNumber}</Anchor>
      </Alert>
    ) : null;
  }
  return (
    <Group gap="xs">
      <Button size="xs" variant="default" onClick={() => setOpen('merge')} data-testid="merge-open">{t('queuePower.merge.button')}</Button>
      {c.messages.length > 1 && <Button size="xs" variant="default" onClick={() => setOpen('split')} data-testid="split-open">{t('queuePower.split.button')}</Button>}
      {open === 'merge' && <MergeDialog c={c} onClose={() => setOpen(null)} />}
      {open === 'split' && <SplitDialog c={c} onClose={() => setOpen(null)} />}
    </Group>
  );
}

function useMove(c: CaseDetail, onDone: (next: CaseDetail) => void) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ path, body }: { path: string; body: unknown }) => api<CaseDetail>('POST', path, body),
    onSuccess: (next) => {
      void qc.invalidateQueries({ queryKey: ['case', c.id] });
      void qc.invalidateQueries({ queryKey: ['cases'] });
      onDone(next);
    },
  });
}

/** Asks for the surviving case, then confirms: this case closes and its conversation moves. */
function MergeDialog({ c, onClose }: { c: CaseDetail; onClose: () => void }) {
  const { t } = useTranslation();
  const [into, setInto] = useState('');
  const [reason, setReason] = useState('');
  const [confirming, setConfirming] = useState(false);
  const move = useMove(c, (kept) => {
    onClose();
    navigate(`/cases/${kept.id}`);
  });
  return (
    <Modal opened onClose={onClose} title={t('queuePower.merge.title', { number: c.number })}>
      <Stack>
        {!confirming ? (
          <>
            <TextInput label={t('queuePower.merge.into')} description={t('queuePower.merge.intoHint')} value={into} onChange={(e) => setInto(e.currentTarget.value)} data-testid="merge-into" data-autofocus />
            <Textarea label={t('ownership.reason')} autosize minRows={2} value={reason} onChange={(e) => setReason(e.currentTarget.value)} data-testid="merge-reason" />
            <Group justify="end">
              <Button variant="default" onClick={onClose}>{t('common.cancel')}</Button>
              <Button disabled={!into.trim()} onClick={() => setConfirming(true)} data-testid="merge-next">{t('queuePower.merge.next')}</Button>
            </Group>
          </>
        ) : (
          <>
            <Alert color="orange" data-testid="merge-confirm-text">{t('queuePower.merge.confirm', { number: c.number, into: into.trim() })}</Alert>
            {move.error && <Alert color="red" role="alert">{move.error.message}</Alert>}
            <Group justify="end">
              <Button variant="default" onClick={() => setConfirming(false)}>{t('queuePower.back')}</Button>
              <Button color="orange" loading={move.isPending} onClick={() => move.mutate({ path: `/api/v1/cases/${c.id}/merge`, body: { into: into.trim(), ...(reason.trim() ? { reason: reason.trim() } : {}) } })} data-testid="merge-submit">
                {t('queuePower.merge.submit')}
              </Button>
            </Group>
          </>
        )}
      </Stack>
    </Modal>
  );
}

/** Picks one message, then confirms: it moves to a new case of the same customer. */
function SplitDialog({ c, onClose }: { c: CaseDetail; onClose: () => void }) {
  const { t } = useTranslation();
  const [messageId, setMessageId] = useState<string | null>(null);
  const [reason, setReason] = useState('');
  const move = useMove(c, (created) => {
    onClose();
    navigate(`/cases/${created.id}`);
  });
  const snippet = (body: string) => (body.length > 70 ? `${body.slice(0, 70)}…` : body);
  return (
    <Modal opened onClose={onClose} title={t('queuePower.split.title', { number: c.number })}>
      <Stack>
        <Text size="sm">{t('queuePower.split.hint')}</Text>
        <Select label={t('queuePower.split.message')} value={messageId} onChange={setMessageId} data-testid="split-message"
          data={c.messages.map((m) => ({ value: m.id, label: `${t(m.direction === 'inbound' ? 'case.inbound' : 'case.outbound')}: ${snippet(m.body)}` }))} />
        <Textarea label={t('ownership.reason')} autosize minRows={2} value={reason} onChange={(e) => setReason(e.currentTarget.value)} />
        {move.error && <Alert color="red" role="alert">{move.error.message}</Alert>}
        <Group justify="end">
          <Button variant="default" onClick={onClose}>{t('common.cancel')}</Button>
          <Button disabled={!messageId} loading={move.isPending} onClick={() => move.mutate({ path: `/api/v1/cases/${c.id}/split`, body: { messageId, ...(reason.trim() ? { reason: reason.trim() } : {}) } })} data-testid="split-submit">
            {t('queuePower.split.submit')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}
