// The playbook as a guide (PLAYBOOK §2-4): every step with its state, and
// for the next one what to do and the words that help say it.
import { ScriptSuggestions } from './learning/script-suggestions.tsx';
import { useState } from 'react';
import { Badge, Blockquote, Button, Card, Group, List, Stack, Text, TextInput, ThemeIcon, Title, Anchor } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Step } from '../api.ts';
import { useCaseAction } from './use-case-action.ts';

const ICON: Record<Step['status'], { mark: string; color: string }> = {
  done: { mark: '✓', color: 'teal' },
  pending: { mark: '•', color: 'gray' },
  skipped: { mark: '↷', color: 'yellow' },
  failed: { mark: '!', color: 'red' },
};

/** Steps the owner may skip with a recorded reason (the rest happen by themselves or close the case). */
const SKIPPABLE = new Set(['apologised', 'options', 'commitments', 'compensated']);

/** Steps with words to say: the playbook's own phrases (P-2.3, P-2.8). */
const HAS_WORDS = new Set(['restated', 'options', 'apologised', 'confirmed', 'choice', 'commitments', 'compensated', 'follow_up']);

/** The guide at the top of the case: done, next, and how. */
export function PlaybookGuide({ caseId, steps, next }: { caseId: string; steps: Step[]; next: string | null }) {
  const { t } = useTranslation();
  const act = useCaseAction(caseId);
  const [skipping, setSkipping] = useState(false);
  const [reason, setReason] = useState('');
  const nextStep = steps.find((s) => s.key === next);
  return (
    <Card withBorder data-testid="playbook-guide">
      <Stack gap="sm">
        <Group justify="space-between">
          <Title order={4}>{t('playbook.title')}</Title>
          <Text size="sm" c="dimmed">{t('playbook.progress', { done: steps.filter((s) => s.status === 'done').length, total: steps.length })}</Text>
        </Group>
        {nextStep ? (
          <Card bg="teal.0" data-testid="playbook-next">
            <Text size="xs" tt="uppercase" c="teal.9" fw={700}>{t('playbook.next')}</Text>
            <Group gap="xs">
              <Text fw={600}>{t(`step.${nextStep.key}.title`)}</Text>
              <Badge variant="outline" size="xs">{nextStep.rule}</Badge>
            </Group>
            <Text size="sm">{t(`step.${nextStep.key}.how`)}</Text>
            {HAS_WORDS.has(nextStep.key) && <Blockquote p="xs" mt="xs" color="teal">{t(`step.${nextStep.key}.words`)}</Blockquote>}
            <Group gap="md" mt={4}>
              <Anchor size="sm" href={`#panel-${nextStep.key}`}>{t('playbook.goTo')}</Anchor>
              {SKIPPABLE.has(nextStep.key) && !skipping && <Anchor size="sm" component="button" type="button" c="dimmed" onClick={() => setSkipping(true)}>{t('playbook.skip')}</Anchor>}
            </Group>
            {skipping && (
              <Group align="end" mt="xs">
                <TextInput size="xs" label={t('playbook.skipReason')} value={reason} onChange={(e) => setReason(e.currentTarget.value)} style={{ flex: 1 }} />
                <Button
                  size="xs"
                  variant="default"
                  disabled={!reason.trim()}
                  loading={act.isPending}
                  onClick={() => act.mutate({ path: `/api/v1/cases/${caseId}/playbook/${nextStep.key}/skip`, body: { reason } }, { onSuccess: () => { setSkipping(false); setReason(''); } })}
                >
                  {t('playbook.skipButton')}
                </Button>
              </Group>
            )}
            {act.error && <Text size="sm" c="red.9" role="alert">{act.error.message}</Text>}
          </Card>
        ) : (
          <Text c="teal.9">{t('playbook.allDone')}</Text>
        )}
        <ScriptSuggestions caseId={caseId} />
        <List spacing={4} listStyleType="none" p={0}>
          {steps.map((s) => (
            <List.Item
              key={s.key}
              data-testid={`step-${s.key}`}
              data-status={s.status}
              icon={<ThemeIcon size={20} radius="xl" color={ICON[s.status].color} aria-hidden>{ICON[s.status].mark}</ThemeIcon>}
            >
              <Text size="sm" fw={s.key === next ? 700 : 400}>
                {t(`step.${s.key}.title`)} <Text span size="xs" c="dimmed">{t(`stepStatus.${s.status}`)}{s.reason ? ` — ${s.reason}` : ''}</Text>
              </Text>
            </List.Item>
          ))}
        </List>
      </Stack>
    </Card>
  );
}
