// The files on a case (issue 13): the customer's uploads and email
// attachments, images and PDFs previewed, everything downloadable; a file
// listed but not kept says why.
import { Anchor, Card, Group, Image, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { CaseDetail, Item } from '../api.ts';

type Attachment = Item<CaseDetail['attachments']>;

function size(n: number): string {
  return n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(1)} MB` : n >= 1024 ? `${Math.round(n / 1024)} KB` : `${n} B`;
}

/** The case's files, or nothing when there are none. */
export function AttachmentsCard({ c }: { c: CaseDetail }) {
  const { t } = useTranslation();
  if (c.attachments.length === 0) return null;
  return (
    <Card withBorder data-testid="attachments">
      <Title order={4} mb="xs">{t('desk.attachments.title')}</Title>
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        {c.attachments.map((a) => (
          <File key={a.id} a={a} />
        ))}
      </SimpleGrid>
    </Card>
  );
}

function File({ a }: { a: Attachment }) {
  const { t } = useTranslation();
  const url = `/api/v1/attachments/${a.id}`;
  const name = a.filename ?? t('desk.attachments.unnamed');
  const image = a.previewable && a.contentType.startsWith('image/');
  return (
    <Stack gap={4} data-testid="attachment">
      {image && <Image src={`${url}?inline=true`} alt={name} mah={220} fit="contain" radius="sm" data-testid="attachment-preview" />}
      <Group gap="xs" wrap="nowrap">
        <Text size="sm" truncate dir="auto">{name}</Text>
        <Text size="xs" c="dimmed">{size(a.size)}</Text>
      </Group>
      {a.kept ? (
        <Group gap="sm">
          {a.previewable && !image && (
            <Anchor size="sm" href={`${url}?inline=true`} target="_blank" rel="noopener noreferrer">{t('desk.attachments.preview')}</Anchor>
          )}
          <Anchor size="sm" href={url} download={name}>{t('desk.attachments.download')}</Anchor>
        </Group>
      ) : (
        <Text size="xs" c="dimmed">{t('desk.attachments.notKept', { reason: a.skippedReason ?? '' })}</Text>
      )}
    </Stack>
  );
}
