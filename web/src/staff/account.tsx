// My account: two-step sign-in (TOTP). Enrol shows a QR code of the otpauth://
// URI (and the secret to type in), a first code confirms it and shows the
// recovery codes once; turning it off asks for the password and a code.
import { useState } from 'react';
import { Alert, Button, Card, Code, Group, List, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { renderSVG } from 'uqr';
import { api, type ApiResponse } from '../api.ts';

type State = ApiResponse<'/api/v1/session/totp', 'get'>;
type Enrolment = ApiResponse<'/api/v1/session/totp', 'post'>;

export function AccountPage() {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const state = useQuery({ queryKey: ['totp'], queryFn: () => api<State>('GET', '/api/v1/session/totp') });
  const [enrolment, setEnrolment] = useState<Enrolment | null>(null);
  const [recovery, setRecovery] = useState<string[] | null>(null);
  const [code, setCode] = useState('');
  const [password, setPassword] = useState('');
  const refresh = () => void qc.invalidateQueries({ queryKey: ['totp'] });
  const enrol = useMutation({ mutationFn: () => api<Enrolment>('POST', '/api/v1/session/totp'), onSuccess: (e) => setEnrolment(e) });
  const confirm = useMutation({
    mutationFn: () => api<{ recoveryCodes: string[] }>('POST', '/api/v1/session/totp/confirm', { code: code.trim() }),
    onSuccess: (r) => {
      setRecovery(r.recoveryCodes);
      setEnrolment(null);
      setCode('');
      refresh();
    },
  });
  const disable = useMutation({
    mutationFn: () => api('POST', '/api/v1/session/totp/disable', { password, code: code.trim() }),
    onSuccess: () => {
      setPassword('');
      setCode('');
      setRecovery(null);
      refresh();
    },
  });
  const on = state.data?.enabled ?? false;
  return (
    <Stack>
      <Title order={2}>{t('twoFactor.title')}</Title>
      <Card withBorder>
        <Stack gap="sm">
          <Text>{on ? t('twoFactor.on', { left: state.data?.recoveryCodesLeft ?? 0 }) : t('twoFactor.off')}</Text>
          {recovery && (
            <Alert color="teal" title={t('twoFactor.recoveryTitle')}>
              <Text size="sm">{t('twoFactor.recoveryHelp')}</Text>
              <List size="sm" mt="xs" data-testid="recovery-codes">{recovery.map((c) => <List.Item key={c}><Code>{c}</Code></List.Item>)}</List>
            </Alert>
          )}
          {!on && !enrolment && <Group><Button onClick={() => enrol.mutate()} loading={enrol.isPending}>{t('twoFactor.enrol')}</Button></Group>}
          {!on && enrolment && (
            <>
              <Text size="sm">{t('twoFactor.scan')}</Text>
              <div role="img" aria-label={t('twoFactor.qr')} style={{ width: 200, height: 200 }} dangerouslySetInnerHTML={{ __html: renderSVG(enrolment.otpauthUri, { border: 2 }) }} />
              <Text size="sm">{t('twoFactor.typeInstead')} <Code data-testid="totp-secret">{enrolment.secret}</Code></Text>
              <Group align="end">
                <TextInput label={t('twoFactor.code')} autoComplete="one-time-code" inputMode="numeric" value={code} onChange={(e) => setCode(e.currentTarget.value)} w={180} />
                <Button onClick={() => confirm.mutate()} loading={confirm.isPending} disabled={!code.trim()}>{t('twoFactor.confirm')}</Button>
              </Group>
              {confirm.error && <Alert color="red">{t('twoFactor.codeWrong')}</Alert>}
            </>
          )}
          {on && (
            <Group align="end">
              <PasswordInput label={t('signIn.password')} autoComplete="current-password" value={password} onChange={(e) => setPassword(e.currentTarget.value)} w={200} />
              <TextInput label={t('twoFactor.code')} autoComplete="one-time-code" value={code} onChange={(e) => setCode(e.currentTarget.value)} w={180} />
              <Button color="red" variant="light" onClick={() => disable.mutate()} loading={disable.isPending} disabled={!password || !code.trim()}>{t('twoFactor.disable')}</Button>
            </Group>
          )}
          {disable.error && <Alert color="red">{t('twoFactor.disableWrong')}</Alert>}
        </Stack>
      </Card>
    </Stack>
  );
}
