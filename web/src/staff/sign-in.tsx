// Staff sign-in with email and password (a session cookie).
import { useState, type FormEvent } from 'react';
import { Alert, Button, Center, Group, Paper, PasswordInput, Stack, TextInput, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { api, ApiError } from '../api.ts';
import { LanguageSwitcher } from '../language-switcher.tsx';

/** The sign-in screen shown to anyone without a session. */
export function SignIn({ onSignedIn }: { onSignedIn: () => void }) {
  const { t } = useTranslation();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  // Two-step sign-in: the code field appears once the server asks for it (TOTP_REQUIRED).
  const [needsCode, setNeedsCode] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await api('POST', '/api/v1/session', { email, password, ...(needsCode && code.trim() ? { code: code.trim() } : {}) });
      onSignedIn();
    } catch (err) {
      if (err instanceof ApiError && err.code === 'TOTP_REQUIRED') {
        setNeedsCode(true);
        if (needsCode) setError(t('twoFactor.codeRequired'));
        return;
      }
      setError(err instanceof ApiError && err.code === 'INVALID_CREDENTIALS' ? (needsCode ? t('twoFactor.codeWrong') : t('signIn.invalid')) : String((err as Error).message));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Center h="100vh">
      <Paper withBorder p="xl" w={380} component="form" onSubmit={submit}>
        <Stack>
          <Group justify="space-between">
            <Title order={2}>{t('signIn.title')}</Title>
            <LanguageSwitcher />
          </Group>
          {error && <Alert color="red" role="alert">{error}</Alert>}
          <TextInput label={t('signIn.email')} type="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.currentTarget.value)} autoFocus />
          <PasswordInput label={t('signIn.password')} autoComplete="current-password" required value={password} onChange={(e) => setPassword(e.currentTarget.value)} />
          {needsCode && (
            <TextInput label={t('twoFactor.code')} description={t('twoFactor.codeHelp')} autoComplete="one-time-code" inputMode="numeric" required value={code}
              onChange={(e) => setCode(e.currentTarget.value)} autoFocus />
          )}
          <Button type="submit" loading={busy}>{t('signIn.submit')}</Button>
        </Stack>
      </Paper>
    </Center>
  );
}
