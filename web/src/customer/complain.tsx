// The public complaint form (P-1.1): no sign-in; the customer gets a case
// number and the link to their portal at once (P-1.5). Also served at
// /embed/complain for an iframe on a business's own site (see /embed.js).
import { useState, type FormEvent } from 'react';
import { Alert, Anchor, Button, Container, FileInput, Group, Paper, Stack, Text, TextInput, Textarea, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { api, apiForm, ApiError } from '../api.ts';
import { LIMITS, customerError, overLimit, tooLongMessage } from './limits.ts';
import { Counter } from './limit-counter.tsx';
import { LanguageSwitcher } from '../language-switcher.tsx';

/** The form a customer fills in to complain. */
export function Complain({ embedded }: { embedded: boolean }) {
  const { t, i18n } = useTranslation();
  const [f, setF] = useState({ name: '', email: '', phone: '', subject: '', body: '', orderRef: '' });
  const [done, setDone] = useState<{ caseNumber: string; portalUrl: string } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [files, setFiles] = useState<File[]>([]);
  const field = (k: keyof typeof f) => ({ value: f[k], onChange: (e: { currentTarget: { value: string } }) => setF({ ...f, [k]: e.currentTarget.value }) });
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const over = overLimit(f);
    if (over) {
      setError(tooLongMessage(t, over, f[over].trim().length));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      const body: Record<string, string> = { ...Object.fromEntries(Object.entries(f).filter(([, v]) => v.trim()).map(([k, v]) => [k, v.trim()])), language: i18n.language };
      if (files.length === 0) setDone(await api('POST', '/api/v1/public/complaints', body));
      else {
        // With files the form goes as multipart: the same fields, then the files.
        const form = new FormData();
        for (const [k, v] of Object.entries(body)) form.append(k, v);
        for (const file of files) form.append('files', file, file.name);
        setDone(await apiForm('/api/v1/public/complaints', form));
      }
    } catch (err) {
      const code = err instanceof ApiError ? err.code : '';
      setError(['FILE_TOO_LARGE', 'TOO_MANY_FILES', 'FILE_TYPE_NOT_ALLOWED'].includes(code) ? `${t(`desk.attachments.error.${code}`)} (${(err as Error).message})` : customerError(t, err, f));
    } finally {
      setBusy(false);
    }
  };
  const portalPath = done ? new URL(done.portalUrl).pathname : '';
  return (
    <Container size="sm" py={embedded ? 'xs' : 'xl'}>
      <Paper withBorder={!embedded} p={embedded ? 'xs' : 'xl'}>
        <Group justify="space-between" mb="md">
          <Title order={2}>{t('complain.title')}</Title>
          <LanguageSwitcher />
        </Group>
        {done ? (
          <Stack data-testid="complaint-received">
            <Alert color="teal" title={t('complain.thanks')}>{t('complain.received', { number: done.caseNumber })}</Alert>
            <Text>{t('complain.portalHint')}</Text>
            <Anchor href={portalPath} target={embedded ? '_blank' : undefined} data-testid="portal-link">{t('complain.openPortal')}</Anchor>
          </Stack>
        ) : (
          <Stack component="form" onSubmit={submit}>
            <Text size="sm" c="dimmed">{t('complain.intro')}</Text>
            {error && <Alert color="red" role="alert">{error}</Alert>}
            <TextInput label={t('complain.name')} autoComplete="name" maxLength={LIMITS.name} dir="auto" {...field('name')} />
            <Group grow style={{ flexWrap: 'wrap' }}>
              <TextInput label={t('complain.email')} type="email" autoComplete="email" maxLength={LIMITS.email} miw={200} {...field('email')} />
              <TextInput label={t('complain.phone')} type="tel" autoComplete="tel" maxLength={LIMITS.phone} miw={200} {...field('phone')} />
            </Group>
            <TextInput label={t('complain.orderRef')} maxLength={LIMITS.orderRef} dir="auto" {...field('orderRef')} />
            <TextInput label={t('complain.subject')} dir="auto" description={<Counter value={f.subject} max={LIMITS.subject} />} {...field('subject')} />
            <Textarea
              label={t('complain.body')}
              required
              autosize
              minRows={5}
              maxRows={14}
              dir="auto"
              description={<>{t('desk.limits.bodyHint', { max: LIMITS.body.toLocaleString(i18n.language) })} · <Counter value={f.body} max={LIMITS.body} id="body-counter" /></>}
              error={f.body.length > LIMITS.body ? tooLongMessage(t, 'body', f.body.trim().length) : undefined}
              data-testid="complaint-body"
              {...field('body')}
            />
            <FileInput
              label={t('desk.attachments.attach')}
              description={t('desk.attachments.hint')}
              multiple
              clearable
              accept="image/jpeg,image/png,image/gif,image/webp,application/pdf,text/plain,.docx,.xlsx,.pptx,.odt,.ods,.odp,.doc,.xls,.ppt"
              value={files}
              onChange={setFiles}
              data-testid="complaint-files"
            />
            <Button type="submit" loading={busy} disabled={!f.body.trim() || (!f.email.trim() && !f.phone.trim())}>{t('complain.submit')}</Button>
            <Text size="xs" c="dimmed">{t('complain.contactNeeded')}</Text>
          </Stack>
        )}
      </Paper>
    </Container>
  );
}
