// The reply composer with the reply checker (P-2.5, P-2.6): warnings come
// from the server as the agent writes, before anything is sent.
import { useEffect, useState } from 'react';
import { ScriptSuggestions } from './learning/script-suggestions.tsx';
import { Alert, Button, Checkbox, Group, Select, Stack, Textarea } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Channel } from '../../../src/domain/channels.ts';
import { api, type CaseDetail, type Warning } from '../api.ts';
import { useCaseAction } from './use-case-action.ts';
import { Panel } from './case-panels.tsx';
import { CannedReplyPicker } from './canned-reply-picker.tsx';

/** The channels staff reply through from the desk (a subset of the channels cases arrive by). */
const REPLY_CHANNELS = ['email', 'phone', 'chat', 'letter'] as const satisfies readonly Channel[];

/** Writes to the customer (or records an inbound call note). */
export function ReplyComposer({ c }: { c: CaseDetail }) {
  const { t } = useTranslation();
  const act = useCaseAction(c.id);
  const [body, setBody] = useState('');
  const [channel, setChannel] = useState('email');
  const [apology, setApology] = useState(false);
  const [warnings, setWarnings] = useState<Warning[]>([]);
  useEffect(() => {
    if (!body.trim()) return setWarnings([]);
    const timer = setTimeout(() => {
      api<{ warnings: Warning[] }>('POST', `/api/v1/cases/${c.id}/replies/check`, { body, channel }).then((r) => setWarnings(r.warnings), () => setWarnings([]));
    }, 400);
    return () => clearTimeout(timer);
  }, [body, channel, c.id]);
  return (
    <Panel id="apologised" title={t('reply.title')}>
      <Stack gap="xs">
        <CannedReplyPicker caseId={c.id} onPick={(text) => setBody(text)} />
        <Textarea label={t('reply.label')} description={t('reply.hint')} value={body} onChange={(e) => setBody(e.currentTarget.value)} autosize minRows={3} data-testid="reply-body" />
        <ScriptSuggestions caseId={c.id} onInsert={(text) => setBody((b) => (b.trim() ? `${b}\n\n${text}` : text))} />
        {warnings.map((w) => (
          <Alert key={w.code} color="yellow" title={`${t(`warning.${w.code}`, { defaultValue: w.code })} (${w.rule})`} data-testid="reply-warning">
            {w.message}
          </Alert>
        ))}
        <Group align="end">
          <Select label={t('reply.channel')} value={channel} onChange={(v) => setChannel(v ?? 'email')} allowDeselect={false} w={160} data={REPLY_CHANNELS.map((v) => ({ value: v, label: t(`channel.${v}`) }))} />
          <Checkbox label={t('reply.apology')} checked={apology} onChange={(e) => setApology(e.currentTarget.checked)} />
          <Button
            disabled={!body.trim()}
            loading={act.isPending}
            onClick={() => act.mutate({ path: `/api/v1/cases/${c.id}/messages`, body: { direction: 'outbound', channel, body, ...(apology ? { apology: true } : {}) } }, { onSuccess: () => setBody('') })}
          >
            {t('reply.send')}
          </Button>
        </Group>
        {act.error && <Alert color="red" role="alert">{act.error.message}</Alert>}
      </Stack>
    </Panel>
  );
}
