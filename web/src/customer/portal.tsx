// The customer's portal behind their link: confirm the restatement (P-2.3),
// choose an option or an offer (P-2.9, P-3.4), see what happens next and by
// when (P-2.11), write, and rate the handling with praise (P-4.8).
import { useEffect, useRef, useState } from 'react';
import { Alert, Badge, Button, Card, Container, FileInput, Group, Loader, Rating, Stack, Text, Textarea, Title, Radio, TextInput } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { api, apiForm, type PortalView } from '../api.ts';
import { formatDateTime, formatMoney } from '../format.ts';
import { rememberedLanguage, setLanguage } from '../i18n/index.ts';
import { LIMITS, customerError } from './limits.ts';
import { Counter } from './limit-counter.tsx';
import { LanguageSwitcher } from '../language-switcher.tsx';

/** The portal page for one case. */
export function Portal({ token }: { token: string }) {
  const { t, i18n } = useTranslation();
  const qc = useQueryClient();
  const key = ['portal', token];
  const q = useQuery({ queryKey: key, queryFn: () => api<PortalView>('GET', `/api/v1/portal/${encodeURIComponent(token)}`), refetchInterval: 15_000 });
  const spoke = useRef(false);
  // The portal speaks the case's language unless the customer chose another.
  useEffect(() => {
    if (q.data && !spoke.current) {
      spoke.current = true;
      if (!rememberedLanguage()) void setLanguage(q.data.language, false);
    }
  }, [q.data]);
  const act = useMutation({
    mutationFn: ({ path, body }: { path: string; body: unknown }) =>
      body instanceof FormData ? apiForm<PortalView>(`/api/v1/portal/${encodeURIComponent(token)}${path}`, body) : api<PortalView>('POST', `/api/v1/portal/${encodeURIComponent(token)}${path}`, body),
    onSuccess: (view) => qc.setQueryData(key, view),
  });
  const [correction, setCorrection] = useState('');
  const [message, setMessage] = useState('');
  const [files, setFiles] = useState<File[]>([]);
  const [score, setScore] = useState(0);
  const [picked, setPicked] = useState<string | null>(null);
  const [comment, setComment] = useState('');
  const [praise, setPraise] = useState('');
  if (q.isPending) return <Container py="xl"><Loader aria-label={t('common.loading')} /></Container>;
  if (q.isError) return <Container py="xl"><Alert color="red" title={t('portal.invalidTitle')}>{t('portal.invalid')}</Alert></Container>;
  const v = q.data;
  const lng = i18n.language;
  const post = (path: string, body: unknown, done?: () => void) => act.mutate({ path, body }, { onSuccess: done });
  return (
    <Container size="sm" py="xl">
      <Stack>
        <Group justify="space-between">
          <div>
            <Title order={2}>{t('portal.title', { number: v.caseNumber })}</Title>
            <Text c="dimmed">{v.customerName ? t('portal.hello', { name: v.customerName }) : ''}</Text>
          </div>
          <LanguageSwitcher />
        </Group>
        <Card withBorder>
          <Group>
            <Text>{t('portal.status')}:</Text>
            <Badge size="lg" data-testid="portal-status">{t(`portalStatus.${v.status}`)}</Badge>
          </Group>
          {v.owner && <Text size="sm" mt="xs">{t('portal.owner', { name: v.owner.name })}</Text>}
        </Card>
        {v.owner && (
          <Card withBorder data-testid="portal-praise">
            {v.praisedOwner ? (
              <Text c="teal.9">{t('learning.praise.thanks', { name: v.owner.name })}</Text>
            ) : (
              <Stack gap="xs">
                <Text fw={600}>{t('learning.praise.title', { name: v.owner.name })}</Text>
                <TextInput label={t('learning.praise.message')} value={praise} onChange={(e) => setPraise(e.currentTarget.value)} dir="auto" />
                <Group><Button variant="light" onClick={() => post('/praise', praise.trim() ? { message: praise.trim() } : {}, () => setPraise(''))}>{t('learning.praise.button', { name: v.owner.name })}</Button></Group>
              </Stack>
            )}
          </Card>
        )}
        {act.error && <Alert color="red" role="alert">{customerError(t, act.error, { body: message, correction, comment })}</Alert>}

        {v.restatement && (
          <Card withBorder data-testid="portal-restatement">
            <Title order={4}>{t('portal.understoodTitle')}</Title>
            <Text my="xs" dir="auto">“{v.restatement.text}”</Text>
            {v.restatement.status === 'pending' ? (
              <Stack gap="xs">
                <Button color="teal" onClick={() => post('/confirm', { confirmed: true })} data-testid="portal-confirm">{t('portal.confirm')}</Button>
                <Textarea label={t('portal.correctionLabel')} value={correction} onChange={(e) => setCorrection(e.currentTarget.value)} autosize minRows={2} maxRows={10} dir="auto" description={<Counter value={correction} max={LIMITS.correction} />} />
                <Button variant="default" disabled={!correction.trim()} onClick={() => post('/confirm', { confirmed: false, correction }, () => setCorrection(''))}>{t('portal.correct')}</Button>
              </Stack>
            ) : (
              <Badge color={v.restatement.status === 'confirmed' ? 'teal' : 'orange'}>{t(`portal.restatement.${v.restatement.status}`, { defaultValue: v.restatement.status })}</Badge>
            )}
          </Card>
        )}

        {v.options.length > 0 && (
          <Card withBorder data-testid="portal-options">
            <Title order={4}>{t('portal.optionsTitle')}</Title>
            <Text size="sm" c="dimmed" mb="xs">{t('portal.optionsHint')}</Text>
            <Radio.Group
              value={picked ?? v.options.find((o) => o.chosen)?.id ?? null}
              onChange={(id) => {
                // Shown at once; the server's answer confirms it (or the error says why not).
                setPicked(id);
                act.mutate({ path: '/choose', body: { optionId: id } }, { onSettled: () => setPicked(null) });
              }} aria-label={t('portal.optionsTitle')}>
              <Stack gap="xs">
                {v.options.map((o) => (
                  <Radio key={o.id} value={o.id} label={o.title} description={o.description ?? undefined} disabled={v.status !== 'resolving'} />
                ))}
              </Stack>
            </Radio.Group>
          </Card>
        )}

        {v.offers.filter((o) => o.status === 'open').map((o) => (
          <Card withBorder key={o.id}>
            <Title order={4}>{t('portal.offerTitle')}</Title>
            <Group mt="xs">
              <Button variant="default" onClick={() => post('/choose', { offer: 'gift' })}>{t('portal.gift', { what: o.gift.description, value: formatMoney(o.gift.value, lng) })}</Button>
              <Button onClick={() => post('/choose', { offer: 'bonus' })}>{t('portal.bonus', { value: formatMoney(o.bonus.value, lng), until: formatDateTime(o.bonus.expiresAt, lng) })}</Button>
            </Group>
          </Card>
        ))}

        {(v.commitments.length > 0 || v.compensations.length > 0) && (
          <Card withBorder>
            <Title order={4}>{t('portal.nextTitle')}</Title>
            {v.commitments.map((m, i) => (
              <Text key={i} size="sm">• {m.description} — {formatDateTime(m.dueAt, lng)} <Badge component="span" size="xs">{t(`commitmentStatus.${m.status}`, { defaultValue: m.status })}</Badge></Text>
            ))}
            {v.compensations.map((m, i) => (
              <Text key={`c${i}`} size="sm">• {t(`kind.${m.kind}`)}: {m.description} ({formatMoney(m.value, lng)})</Text>
            ))}
          </Card>
        )}

        <Card withBorder>
          <Title order={4}>{t('portal.conversation')}</Title>
          <Stack gap="xs" my="xs">
            {v.messages.map((m, i) => (
              <Card key={i} bg={m.direction === 'inbound' ? 'gray.0' : 'teal.0'} p="xs">
                <Text size="xs" c="dimmed">{m.direction === 'inbound' ? t('portal.you') : t('portal.us')} · {formatDateTime(m.at, lng)}</Text>
                <Text size="sm" dir="auto" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>{m.body}</Text>
              </Card>
            ))}
          </Stack>
          <Textarea label={t('portal.writeLabel')} value={message} onChange={(e) => setMessage(e.currentTarget.value)} autosize minRows={2} maxRows={10} dir="auto" description={<Counter value={message} max={LIMITS.message} id="portal-counter" />} />
          <FileInput label={t('desk.attachments.attach')} description={t('desk.attachments.hint')} multiple clearable value={files} onChange={setFiles} mt="xs"
            accept="image/jpeg,image/png,image/gif,image/webp,application/pdf,text/plain,.docx,.xlsx,.pptx,.odt,.ods,.odp,.doc,.xls,.ppt" />
          <Group mt="xs">
            <Button
              disabled={!message.trim()}
              onClick={() => {
                // With files the message goes as multipart: the text, then the files.
                const form = new FormData();
                form.append('body', message);
                for (const f of files) form.append('files', f, f.name);
                post('/messages', files.length ? form : { body: message }, () => {
                  setMessage('');
                  setFiles([]);
                });
              }}
            >
              {t('portal.send')}
            </Button>
          </Group>
        </Card>

        {(v.status === 'resolved' || v.status === 'closed') && (
          <Card withBorder data-testid="portal-rating">
            <Title order={4}>{t('portal.rateTitle')}</Title>
            {v.rating ? (
              <Text>{t('portal.rated', { score: v.rating.score })}</Text>
            ) : (
              <Stack gap="xs">
                <Rating value={score} onChange={setScore} aria-label={t('portal.rateTitle')} />
                <TextInput label={t('portal.comment')} description={v.owner ? t('portal.praiseHint', { name: v.owner.name }) : undefined} value={comment} onChange={(e) => setComment(e.currentTarget.value)} dir="auto" maxLength={LIMITS.comment} />
                <Group><Button disabled={!score} onClick={() => post('/rating', { score, ...(comment.trim() ? { comment: comment.trim() } : {}) })}>{t('portal.rate')}</Button></Group>
              </Stack>
            )}
          </Card>
        )}
      </Stack>
    </Container>
  );
}
