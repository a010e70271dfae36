// P-2.4 one named owner on the desk: take a case over or hand it to a colleague,
// always with a reason; join as helper; and internal notes that never reach the customer.
import { useState } from 'react';
import { Alert, Badge, Button, Card, Group, Modal, Select, Stack, Text, Textarea, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { CaseDetail } from '../api.ts';
import { useCaseAction } from './use-case-action.ts';
import { TakeOverButton, useMe, useStaff } from './take-over.tsx';

export { TakeOverButton, useMe, useStaff };

/** Take over (to = me) or reassign (pick a colleague), with the reason the API requires. */
export function OwnerDialog({ caseId, mode, opened, onClose }: { caseId: string; mode: 'take-over' | 'reassign'; opened: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const act = useCaseAction(caseId);
  const staff = useStaff();
  const [reason, setReason] = useState('');
  const [ownerId, setOwnerId] = useState<string | null>(null);
  const people = (staff.data?.items ?? []).filter((u) => u.active);
  const ready = reason.trim().length > 0 && (mode === 'take-over' || ownerId !== null);
  const submit = () =>
    act.mutate(
      mode === 'take-over'
        ? { path: `/api/v1/cases/${caseId}/take-over`, body: { reason } }
        : { path: `/api/v1/cases/${caseId}/assign`, body: { ownerId, reason } },
      { onSuccess: () => { setReason(''); setOwnerId(null); onClose(); } },
    );
  return (
    <Modal opened={opened} onClose={onClose} title={t(mode === 'take-over' ? 'ownership.takeOver' : 'ownership.reassign')}>
      <Stack>
        {mode === 'reassign' && (
          <Select label={t('ownership.newOwner')} data-testid="reassign-owner" searchable value={ownerId} onChange={setOwnerId}
            data={people.map((u) => ({ value: u.id, label: `${u.name} (${t(`role.${u.role}`, { defaultValue: u.role })})` }))} />
        )}
        <Textarea label={t('ownership.reason')} data-testid="owner-reason" required autosize minRows={2} value={reason} onChange={(e) => setReason(e.currentTarget.value)} />
        {act.error && <Alert color="red" role="alert">{act.error.message}</Alert>}
        <Group justify="end">
          <Button variant="default" onClick={onClose}>{t('common.cancel')}</Button>
          <Button disabled={!ready} loading={act.isPending} onClick={submit} data-testid="owner-submit">{t(mode === 'take-over' ? 'ownership.takeOver' : 'ownership.reassign')}</Button>
        </Group>
      </Stack>
    </Modal>
  );
}

/** The case header's ownership controls, and the offer to take over or help when the case is a colleague's. */
export function OwnershipBar({ c }: { c: CaseDetail }) {
  const { t } = useTranslation();
  const me = useMe();
  const join = useCaseAction(c.id);
  const [reassign, setReassign] = useState(false);
  if (c.status === 'closed') return null;
  const mine = me?.id === c.ownerId;
  const helping = c.participants.some((p) => p.userId === me?.id);
  // Supervisors and above may act on any case (PLAYBOOK P-2.4); an agent takes it over or joins first.
  const outsider = !mine && !helping && c.ownerId !== null && me?.role === 'agent';
  return (
    <Stack gap="xs">
      <Group gap="xs">
        {!mine && <TakeOverButton caseId={c.id} />}
        <Button size="xs" variant="default" onClick={() => setReassign(true)} data-testid="reassign">{t('ownership.reassign')}</Button>
        {!mine && !helping && (
          <Button size="xs" variant="subtle" loading={join.isPending} onClick={() => join.mutate({ path: `/api/v1/cases/${c.id}/participants`, body: {} })} data-testid="join-helper">
            {t('ownership.join')}
          </Button>
        )}
      </Group>
      {outsider && <Alert color="yellow" data-testid="not-yours">{t('ownership.notYours', { owner: c.owner?.name ?? '' })}</Alert>}
      {join.error && <Alert color="red" role="alert">{join.error.message}</Alert>}
      {reassign && <OwnerDialog caseId={c.id} mode="reassign" opened onClose={() => setReassign(false)} />}
    </Stack>
  );
}

/** Writes an internal note; @name mentions a colleague. */
export function NoteComposer({ c }: { c: CaseDetail }) {
  const { t } = useTranslation();
  const act = useCaseAction(c.id);
  const [body, setBody] = useState('');
  return (
    <Card withBorder bg="yellow.0" data-testid="note-composer">
      <Stack gap="xs">
        <Title order={4}>{t('note.title')}</Title>
        <Text size="sm" c="dimmed">{t('note.hint')}</Text>
        <Textarea aria-label={t('note.title')} data-testid="note-body" autosize minRows={2} value={body} onChange={(e) => setBody(e.currentTarget.value)} />
        {act.error && <Alert color="red" role="alert">{act.error.message}</Alert>}
        <Group justify="end">
          <Button disabled={!body.trim()} loading={act.isPending} onClick={() => act.mutate({ path: `/api/v1/cases/${c.id}/notes`, body: { body } }, { onSuccess: () => setBody('') })} data-testid="note-submit">
            {t('note.add')}
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}

/** An internal note on the timeline: marked so nobody mistakes it for something the customer saw. */
export function NoteItem({ data, author }: { data: Record<string, unknown>; author: string }) {
  const { t } = useTranslation();
  const mentions = Array.isArray(data.mentions) ? (data.mentions as { id: string; name: string }[]) : [];
  return (
    <Card withBorder bg="yellow.0" p="xs" data-testid="note">
      <Group gap="xs" mb={4}>
        <Badge color="yellow" variant="filled" size="sm">{t('note.internal')}</Badge>
        <Text size="xs" c="dimmed">{author}</Text>
      </Group>
      <Text size="sm" style={{ whiteSpace: 'pre-wrap' }} dir="auto">{String(data.body ?? '')}</Text>
      {mentions.length > 0 && <Text size="xs" c="dimmed">{t('note.mentions')}: {mentions.map((m) => m.name).join(', ')}</Text>}
    </Card>
  );
}
