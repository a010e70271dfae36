// P-2.7 on the case page: how likely this customer is to leave, and why (the factors
// of src/domain/churn.ts with their weight), so the desk sees what would lower it.
import { Badge, Card, Group, Progress, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { CaseDetail } from '../api.ts';

/** The churn risk with its factors, highest contribution first; nothing before the first estimate. */
export function ChurnCard({ churn }: { churn: CaseDetail['churn'] }) {
  const { t } = useTranslation();
  if (!churn) return null;
  const percent = Math.round(churn.risk * 100);
  const color = percent >= 70 ? 'red' : percent >= 40 ? 'orange' : 'teal';
  const factors = [...churn.factors].sort((a, b) => Math.abs(b.contribution) - Math.abs(a.contribution));
  return (
    <Card withBorder data-testid="churn-card">
      <Group justify="space-between" mb="xs">
        <Title order={4}>{t('reports.churn.title')}</Title>
        <Badge color={color} data-testid="churn-risk">{percent}%</Badge>
      </Group>
      <Progress value={percent} color={color} aria-label={t('reports.churn.title')} mb="sm" />
      <Stack gap={2}>
        {factors.map((f) => (
          <Group key={f.factor} justify="space-between" gap="xs">
            <Text size="sm">{t(`reports.churn.factor.${f.factor}`, { defaultValue: f.factor })}</Text>
            <Text size="sm" c={f.contribution > 0 ? 'red.9' : 'teal.9'}>{f.contribution > 0 ? '▲' : '▼'} {Math.abs(f.contribution).toFixed(2)}</Text>
          </Group>
        ))}
      </Stack>
      <Text size="xs" c="dimmed" mt="xs">{t('reports.churn.hint')}</Text>
    </Card>
  );
}
