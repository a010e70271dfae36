// The playbook moves on a case, one panel each: restatement (P-2.3),
// options that nudge to three (P-2.9), the customer's choice, and
// commitments with due times (P-2.11).
import { useState } from 'react';
import { Alert, Badge, Button, Card, Group, Stack, Text, TextInput, Textarea, Title, ActionIcon } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { CaseDetail } from '../api.ts';
import { formatDateTime } from '../format.ts';
import { useCaseAction } from './use-case-action.ts';
import { useAdvice } from './economics-panels.tsx';
import { DateTimeInput, defaultDue } from './date-time-input.tsx';
import { catalogName } from './catalog-name.ts';

/** A titled panel the guide can link to. */
export function Panel({ id, title, children }: { id: string; title: string; children: React.ReactNode }) {
  return (
    <Card withBorder id={`panel-${id}`} component="section" aria-labelledby={`panel-${id}-title`}>
      <Title order={4} id={`panel-${id}-title`} mb="sm">{title}</Title>
      {children}
    </Card>
  );
}

function ErrorLine({ error }: { error: Error | null }) {
  return error ? <Alert color="red" role="alert">{error.message}</Alert> : null;
}

/** Restate the complaint for the customer to confirm; or record an oral confirmation. */
export function RestatementPanel({ c }: { c: CaseDetail }) {
  const { t } = useTranslation();
  const act = useCaseAction(c.id);
  const [text, setText] = useState('');
  const [note, setNote] = useState('');
  const r = c.restatement;
  const canRestate = c.status === 'acknowledged' || c.status === 'understood';
  return (
    <Panel id="restated" title={t('restatement.title')}>
      <Stack gap="xs">
        {r && (
          <Card bg="gray.0" data-testid="restatement-current">
            <Text size="sm" dir="auto">“{r.text}”</Text>
            <Badge mt={4} color={r.status === 'confirmed' ? 'teal' : r.status === 'corrected' ? 'orange' : 'gray'}>{t(`restatementStatus.${r.status}`, { defaultValue: r.status })}</Badge>
            {r.correction && <Text size="sm" c="orange.9" dir="auto">{t('restatement.correction')}: {r.correction}</Text>}
          </Card>
        )}
        {canRestate && (
          <>
            <Textarea label={t('restatement.label')} description={t('restatement.hint')} value={text} onChange={(e) => setText(e.currentTarget.value)} autosize minRows={2} />
            <Group>
              <Button disabled={!text.trim()} loading={act.isPending} onClick={() => act.mutate({ path: `/api/v1/cases/${c.id}/restatement`, body: { text } }, { onSuccess: () => setText('') })}>
                {t('restatement.send')}
              </Button>
            </Group>
          </>
        )}
        {r?.status === 'pending' && (
          <Group align="end">
            <TextInput label={t('restatement.oralNote')} value={note} onChange={(e) => setNote(e.currentTarget.value)} w={320} />
            <Button variant="light" disabled={!note.trim()} onClick={() => act.mutate({ path: `/api/v1/cases/${c.id}/restatement/confirm`, body: { confirmed: true, note } })}>
              {t('restatement.oralConfirm')}
            </Button>
          </Group>
        )}
        <ErrorLine error={act.error} />
      </Stack>
    </Panel>
  );
}

type Draft = { title: string; description: string };

/** Propose options; fewer than three asks for a reason (P-2.9). */
export function OptionsPanel({ c }: { c: CaseDetail }) {
  const { t } = useTranslation();
  const act = useCaseAction(c.id);
  // Empty rows up to three options in all: the editor itself nudges to three (P-2.9).
  const [drafts, setDrafts] = useState<Draft[]>(() => Array.from({ length: Math.max(1, 3 - c.options.length) }, () => ({ title: '', description: '' })));
  const [adding, setAdding] = useState(c.options.length < 3);
  const [reason, setReason] = useState('');
  const filled = drafts.filter((d) => d.title.trim());
  const canPropose = c.status === 'understood' || c.status === 'resolving';
  const set = (i: number, patch: Partial<Draft>) => setDrafts(drafts.map((d, j) => (j === i ? { ...d, ...patch } : d)));
  const total = c.options.length + filled.length;
  return (
    <Panel id="options" title={t('options.title')}>
      <Stack gap="xs">
        {c.options.length > 0 && (
          <Stack gap={4} data-testid="options-current">
            {c.options.map((o, i) => (
              <Text key={o.id} size="sm">
                {String.fromCharCode(97 + i)}) {o.title} {o.chosen && <Badge component="span" color="teal">{t('options.chosen')}</Badge>}
              </Text>
            ))}
          </Stack>
        )}
        {!canPropose && c.options.length === 0 && <Text size="sm" c="dimmed">{t('options.needsConfirmation')}</Text>}
        {canPropose && !adding && <Group><Button variant="subtle" onClick={() => setAdding(true)}>{t('options.add')}</Button></Group>}
        {canPropose && adding && (
          <>
            <RemedyFirst caseId={c.id} onPick={(title) => {
              const free = drafts.findIndex((d) => !d.title.trim());
              // P-2.10: the re-make or replacement goes in as the first option the customer reads.
              const rest = drafts.filter((_, j) => j !== (free === -1 ? drafts.length : free));
              setDrafts([{ title, description: '' }, ...rest]);
            }} />
            {drafts.map((d, i) => (
              <Group key={i} align="end" wrap="nowrap">
                <TextInput label={t('options.optionLabel', { n: c.options.length + i + 1 })} value={d.title} onChange={(e) => set(i, { title: e.currentTarget.value })} style={{ flex: 1 }} data-testid={`option-input-${i}`} />
                <TextInput label={t('options.description')} value={d.description} onChange={(e) => set(i, { description: e.currentTarget.value })} style={{ flex: 1 }} />
                {drafts.length > 1 && <ActionIcon variant="subtle" aria-label={t('options.remove')} onClick={() => setDrafts(drafts.filter((_, j) => j !== i))}>×</ActionIcon>}
              </Group>
            ))}
            <Group>
              <Button variant="subtle" onClick={() => setDrafts([...drafts, { title: '', description: '' }])}>{t('options.add')}</Button>
            </Group>
            {filled.length > 0 && total < 3 && (
              <>
                <Alert color="yellow">{t('options.nudge', { count: total })}</Alert>
                <TextInput label={t('options.reason')} value={reason} onChange={(e) => setReason(e.currentTarget.value)} />
              </>
            )}
            <Group>
              <Button
                disabled={filled.length === 0 || (total < 3 && !reason.trim())}
                loading={act.isPending}
                data-testid="options-submit"
                onClick={() =>
                  act.mutate(
                    {
                      path: `/api/v1/cases/${c.id}/options`,
                      body: { options: filled.map((d) => ({ title: d.title.trim(), ...(d.description.trim() ? { description: d.description.trim() } : {}) })), ...(total < 3 ? { reason } : {}) },
                    },
                    {
                      onSuccess: () => {
                        setDrafts([{ title: '', description: '' }]);
                        setAdding(false);
                      },
                    },
                  )
                }
              >
                {t('options.propose')}
              </Button>
            </Group>
          </>
        )}
        <ErrorLine error={act.error} />
      </Stack>
    </Panel>
  );
}

/** Record the customer's choice on their behalf (they may also choose in the portal). */
export function ChoicePanel({ c }: { c: CaseDetail }) {
  const { t } = useTranslation();
  const act = useCaseAction(c.id);
  const chosen = c.options.find((o) => o.chosen);
  return (
    <Panel id="choice" title={t('choice.title')}>
      <Stack gap="xs">
        {chosen ? <Text data-testid="choice-made">{t('choice.made', { title: chosen.title })}</Text> : <Text size="sm" c="dimmed">{t('choice.waiting')}</Text>}
        {c.status === 'resolving' && c.options.length > 0 && (
          <Group>
            {c.options.filter((o) => !o.chosen).map((o) => (
              <Button key={o.id} size="xs" variant="default" onClick={() => act.mutate({ path: `/api/v1/cases/${c.id}/options/${o.id}/choose` })}>
                {t('choice.record', { title: o.title })}
              </Button>
            ))}
          </Group>
        )}
        <ErrorLine error={act.error} />
      </Stack>
    </Panel>
  );
}

/** Promises with a due time; kept or broken is tracked (P-2.11). */
export function CommitmentsPanel({ c }: { c: CaseDetail }) {
  const { t, i18n } = useTranslation();
  const act = useCaseAction(c.id);
  const [description, setDescription] = useState('');
  const [due, setDue] = useState(defaultDue);
  return (
    <Panel id="commitments" title={t('commitments.title')}>
      <Stack gap="xs">
        {c.commitments.map((m) => (
          <Group key={m.id} justify="space-between" data-testid="commitment">
            <Text size="sm" style={{ minWidth: 0, overflowWrap: 'anywhere' }}><span dir="auto">{m.description}</span> — <span data-testid="commitment-due-text">{formatDateTime(m.dueAt, i18n.language)}</span></Text>
            <Group gap="xs">
              <Badge color={m.status === 'kept' ? 'teal' : m.status === 'broken' ? 'red' : 'blue'}>{t(`commitmentStatus.${m.status}`, { defaultValue: m.status })}</Badge>
              {m.status === 'open' && <Button size="xs" variant="light" onClick={() => act.mutate({ path: `/api/v1/commitments/${m.id}/complete` })}>{t('commitments.done')}</Button>}
            </Group>
          </Group>
        ))}
        {c.status !== 'closed' && (
          <Group align="end">
            <TextInput label={t('commitments.what')} value={description} onChange={(e) => setDescription(e.currentTarget.value)} style={{ flex: 1 }} miw={180} dir="auto" />
            <DateTimeInput label={t('commitments.due')} value={due} onChange={setDue} testId="commitment-due" />
            <Button disabled={!description.trim()} onClick={() => act.mutate({ path: `/api/v1/cases/${c.id}/commitments`, body: { description, dueAt: due.toISOString() } }, { onSuccess: () => setDescription('') })}>
              {t('commitments.add')}
            </Button>
          </Group>
        )}
        <ErrorLine error={act.error} />
      </Stack>
    </Panel>
  );
}

/** P-2.10: for a defect, the catalog's replacements and re-makes offered as the first option. */
function RemedyFirst({ caseId, onPick }: { caseId: string; onPick: (title: string) => void }) {
  const { t } = useTranslation();
  const advice = useAdvice(caseId);
  const remedies = advice.data?.defect ? advice.data.catalog.filter((i) => i.remedy || i.kind === 'replacement') : [];
  if (!advice.data?.defect) return null;
  return (
    <Alert color="grape" data-testid="options-remedy-first">
      <Text size="sm">{t('economics.replacementFirst')}</Text>
      <Group gap="xs" mt={4}>
        {remedies.map((r) => (
          <Button key={r.id} size="compact-xs" variant="light" color="grape" onClick={() => onPick(catalogName(t, r))}>{t('economics.addAsOption', { name: catalogName(t, r) })}</Button>
        ))}
      </Group>
    </Alert>
  );
}
