// What detection read in the latest inbound message (P-1.2, P-1.3): score,
// intensity, escalation signals with the exact phrases highlighted, and the
// safety note when the rules set one.
import { Alert, Badge, Card, Group, Mark, Progress, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { Detection } from '../api.ts';

/** Highlights the detected phrases inside a message body. */
export function Highlighted({ text, phrases }: { text: string; phrases: Detection['phrases'] }) {
  const parts: React.ReactNode[] = [];
  let at = 0;
  for (const p of [...phrases].sort((a, b) => a.start - b.start)) {
    if (p.start < at || p.end > text.length) continue;
    parts.push(text.slice(at, p.start));
    parts.push(<Mark key={p.start} color={p.kind === 'signal' ? 'red' : 'yellow'} title={p.kind}>{text.slice(p.start, p.end)}</Mark>);
    at = p.end;
  }
  parts.push(text.slice(at));
  return <>{parts}</>;
}

/** The detection summary beside the case. */
export function DetectionCard({ detection }: { detection: Detection | null }) {
  const { t } = useTranslation();
  if (!detection) return null;
  const pct = Math.round(detection.score * 100);
  return (
    <Card withBorder data-testid="detection">
      <Stack gap="xs">
        <Title order={4}>{t('detection.title')}</Title>
        {detection.safetyNote && <Alert color="red" title={t('detection.safety')} role="alert">{detection.safetyNote}</Alert>}
        <Group justify="space-between">
          <Text size="sm">{detection.dissatisfied ? t('detection.dissatisfied') : t('detection.calm')}</Text>
          <Text size="sm" fw={600}>{pct}%</Text>
        </Group>
        <Progress value={pct} color={pct > 60 ? 'red' : pct > 30 ? 'orange' : 'teal'} aria-label={t('detection.score')} />
        <Text size="sm">{t('detection.intensity')}: {detection.intensity} / 3</Text>
        {detection.signals.length > 0 && (
          <Stack gap={4}>
            {detection.signals.map((s) => (
              <Group key={s.type} gap={6}>
                <Badge color="red" variant="light">{t(`signal.${s.type}`, { defaultValue: s.type })}</Badge>
                <Text size="xs" c="dimmed" dir="auto">{s.phrases.map((p) => `“${p}”`).join(', ')}</Text>
              </Group>
            ))}
          </Stack>
        )}
      </Stack>
    </Card>
  );
}
