// The case timeline: messages and events in order; internal notes stand out
// from what the customer saw, and runs of routine events (the system's own
// bookkeeping: clocks, scoring, acknowledgements) fold into one row that opens
// on demand, so the conversation is what the eye meets.
import { useState } from 'react';
import { Button, Card, Text, Timeline, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { CaseDetail } from '../api.ts';
import { formatDateTime } from '../format.ts';
import { Highlighted } from './detection-card.tsx';
import { NoteItem, useStaff } from './ownership.tsx';
import { groupEntries, type Entry } from './case-timeline-groups.ts';

/** Messages and events in order, routine runs folded. */
export function CaseTimeline({ c }: { c: CaseDetail }) {
  const { t } = useTranslation();
  const entries: Entry[] = [
    ...c.messages.map((m) => ({ at: m.createdAt ?? '', key: `m${m.id}`, message: m })),
    ...c.timeline.filter((e) => !e.type.startsWith('message_')).map((e) => ({ at: e.at ?? '', key: `e${e.id}`, event: e })),
  ].sort((a, b) => a.at.localeCompare(b.at));
  return (
    <Card withBorder>
      <Title order={4} mb="sm">{t('case.timeline')}</Title>
      <Timeline bulletSize={14} lineWidth={2} data-testid="timeline">
        {groupEntries(entries).map((g) => (Array.isArray(g) ? <RoutineGroup key={g[0]!.key} entries={g} c={c} /> : <EntryItem key={g.key} it={g} c={c} />))}
      </Timeline>
    </Card>
  );
}

function RoutineGroup({ entries, c }: { entries: Entry[]; c: CaseDetail }) {
  const { t, i18n } = useTranslation();
  const [open, setOpen] = useState(false);
  if (open) return <>{entries.map((e) => <EntryItem key={e.key} it={e} c={c} />)}<Timeline.Item color="gray" title={<Button size="compact-xs" variant="subtle" onClick={() => setOpen(false)}>{t('desk.timeline.hide')}</Button>} /></>;
  const kinds = [...new Set(entries.map((e) => t([`event.${e.event!.type}`, `queuePower.event.${e.event!.type}`], { defaultValue: e.event!.type.replaceAll('_', ' ') })))];
  return (
    <Timeline.Item color="gray" data-testid="timeline-routine" title={<Button size="compact-xs" variant="subtle" onClick={() => setOpen(true)} data-testid="timeline-routine-open">{t('desk.timeline.routine', { count: entries.length })}</Button>}>
      <Text size="xs" c="dimmed" lineClamp={2}>{kinds.join(' · ')}</Text>
      <Text size="xs" c="dimmed">{formatDateTime(entries[0]!.at, i18n.language)}</Text>
    </Timeline.Item>
  );
}

function EntryItem({ it, c }: { it: Entry; c: CaseDetail }) {
  const { t, i18n } = useTranslation();
  const staff = useStaff();
  const nameOf = (id: string | null) => staff.data?.items.find((u) => u.id === id)?.name ?? '';
  // Mantine's Timeline counts its direct children, so each entry is one Timeline.Item.
  if (it.message) {
    const m = it.message;
    return (
      <Timeline.Item title={`${t(m.direction === 'inbound' ? 'case.inbound' : 'case.outbound')} · ${t(`channel.${m.channel}`, { defaultValue: m.channel })}`} color={m.direction === 'inbound' ? 'orange' : 'teal'}>
        <Text size="sm" dir="auto" data-testid="timeline-message" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
          {m.id === c.detection?.messageId ? <Highlighted text={m.body} phrases={c.detection.phrases} /> : m.body}
        </Text>
        <Text size="xs" c="dimmed">{formatDateTime(it.at, i18n.language)}</Text>
      </Timeline.Item>
    );
  }
  const e = it.event!;
  if (e.internal) {
    return (
      <Timeline.Item color="yellow" title={t('event.note_added')}>
        <NoteItem data={e.data} author={nameOf(e.actor.id)} />
        <Text size="xs" c="dimmed">{formatDateTime(it.at, i18n.language)}</Text>
      </Timeline.Item>
    );
  }
  return (
    <Timeline.Item title={t([`event.${e.type}`, `queuePower.event.${e.type}`], { defaultValue: e.type.replaceAll('_', ' ') })}>
      <Text size="xs" c="dimmed">{formatDateTime(it.at, i18n.language)}</Text>
    </Timeline.Item>
  );
}
