// Compensation (P-3.1, P-3.3): the dialog shows the agent's authority limit
// and, before anything is sent, whether this amount needs a supervisor.
import { useState } from 'react';
import { Alert, Badge, Button, Group, Loader, Modal, NumberInput, Select, Stack, Switch, Text, TextInput } from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { COMPENSATION_KINDS } from '../../../src/domain/economics.ts';
import { OPEN_STATUSES } from '../../../src/domain/case-lifecycle.ts';
import { api, everyValue, type Advice, type ApiBody, type CaseDetail, type Settings } from '../api.ts';
import { formatMoney } from '../format.ts';
import { useCaseAction } from './use-case-action.ts';
import { Panel } from './case-panels.tsx';
import { useUser } from './staff-app.tsx';
import { AdviceBox, DiscountArithmetic, RecoveryReturn, useAdvice } from './economics-panels.tsx';
import { catalogName } from './catalog-name.ts';

/** Causes recorded for learning (P-3.1: never a reason to refuse), as the server accepts them. */
const FAULTS = everyValue<NonNullable<ApiBody<'/api/v1/cases/{id}/compensations', 'post'>['fault']>>()(['ours', 'colleague', 'partner', 'force_majeure', 'customer', 'unknown']);

/** The compensations on a case and the dialog to grant one. */
export function CompensationPanel({ c }: { c: CaseDetail }) {
  const { t, i18n } = useTranslation();
  const user = useUser();
  const act = useCaseAction(c.id);
  const settings = useQuery({ queryKey: ['settings'], queryFn: () => api<Settings>('GET', '/api/v1/settings') });
  const [open, setOpen] = useState(false);
  const [offering, setOffering] = useState(false);
  const [kind, setKind] = useState('gift');
  const [amount, setAmount] = useState<number | string>('');
  const [description, setDescription] = useState('');
  const [fault, setFault] = useState<string | null>(null);
  const advice = useAdvice(c.id);
  const currency = settings.data?.currency ?? 'EUR';
  const value = Number(amount);
  // P-3.3 by case, by month and by customer tier: the advice says what is left (the server's own limits);
  // until it arrives, the role's plain per-case limit.
  const authority = advice.data?.authority;
  const limit = authority ? authority.perCase.limit : (settings.data?.authorityLimits[user.role] ?? null);
  const left = authority ? [authority.perCase.remaining, authority.perMonth.remaining] : [limit];
  const needsApproval = left.some((m) => m !== null && value > Number(m.amount));
  const submit = () =>
    act.mutate(
      { path: `/api/v1/cases/${c.id}/compensations`, body: { kind, value: { amount: value.toFixed(2), currency }, description, ...(fault ? { fault } : {}) } },
      {
        onSuccess: () => {
          setOpen(false);
          setAmount('');
          setDescription('');
        },
      },
    );
  return (
    <Panel id="compensated" title={t('compensation.title')}>
      <Stack gap="xs">
        {c.compensations.map((m) => (
          <Group key={m.id} justify="space-between" data-testid="compensation">
            <Text size="sm">{t(`kind.${m.kind}`)} · {formatMoney(m.value, i18n.language)} · {m.description}</Text>
            <Badge color={m.status === 'granted' ? 'teal' : m.status === 'rejected' ? 'red' : 'yellow'}>
              {t(`compensationStatus.${m.status}`)}{m.approvalRole && m.status === 'pending_approval' ? ` (${t(`role.${m.approvalRole}`)})` : ''}
            </Badge>
          </Group>
        ))}
        <Text size="sm" c="dimmed">{t('compensation.anyFault')}</Text>
        {OPEN_STATUSES.includes(c.status) && (
          <Group>
            <Button variant="light" onClick={() => setOpen(true)} data-testid="compensation-open">{t('compensation.grant')}</Button>
            <Button variant="subtle" onClick={() => setOffering((o) => !o)} aria-expanded={offering}>{t('offer.open')}</Button>
          </Group>
        )}
        {c.offers.map((o) => (
          <Group key={o.id} gap="xs">
            <Text size="sm" data-testid="offer">
              {t('offer.summary', { gift: o.gift.description, giftValue: formatMoney(o.gift.value, i18n.language), bonus: formatMoney(o.bonus.value, i18n.language) })} —{' '}
              {o.choice ? t(`offer.chose.${o.choice}`) : t('offer.waiting')}
            </Text>
            {o.status === 'open' &&
              (['gift', 'bonus'] as const).map((choice) => (
                <Button key={choice} size="compact-xs" variant="default" onClick={() => act.mutate({ path: `/api/v1/cases/${c.id}/offers/choose`, body: { choice } })} data-testid={`record-${choice}`}>
                  {t(`economics.recordChoice.${choice}`)}
                </Button>
              ))}
          </Group>
        ))}
        {offering && currency && <OfferForm caseId={c.id} currency={currency} advice={advice.data} onDone={() => setOffering(false)} />}
        <RecoveryReturn caseId={c.id} currency={currency} />
      </Stack>
      <Modal opened={open} onClose={() => setOpen(false)} title={t('compensation.dialogTitle')}>
        <Stack>
          {settings.data ? (
            <Alert color="blue" data-testid="authority-limit">
              {limit === null ? t('compensation.unlimited') : t('compensation.yourLimit', { limit: formatMoney(limit, i18n.language) })}
            </Alert>
          ) : (
            <Loader size="sm" aria-label={t('common.loading')} />
          )}
          {advice.data && <AdviceBox advice={advice.data} />}
          {advice.data && advice.data.catalog.length > 0 && (
            <Select
              label={t('economics.fromCatalog')}
              placeholder={t('economics.pick')}
              clearable
              data-testid="catalog-pick"
              data={advice.data.catalog.map((i) => ({ value: i.id, label: `${catalogName(t, i)} — ${formatMoney(i.value, i18n.language)}` }))}
              onChange={(id) => {
                const item = advice.data!.catalog.find((i) => i.id === id);
                if (!item) return;
                setKind(item.kind);
                setAmount(Number(item.value.amount));
                setDescription(item.name);
              }}
            />
          )}
          <Select label={t('compensation.kind')} value={kind} onChange={(v) => setKind(v ?? 'gift')} allowDeselect={false} data={COMPENSATION_KINDS.map((k) => ({ value: k, label: t(`kind.${k}`) }))} />
          <NumberInput label={t('compensation.value', { currency })} value={amount} onChange={setAmount} min={0.01} decimalScale={2} data-testid="compensation-amount" />
          <TextInput label={t('compensation.description')} value={description} onChange={(e) => setDescription(e.currentTarget.value)} data-testid="compensation-description" />
          {kind === 'discount' && <DiscountArithmetic caseId={c.id} currency={currency} />}
          <Select label={t('compensation.fault')} description={t('compensation.faultHint')} value={fault} onChange={setFault} clearable data={FAULTS.map((f) => ({ value: f, label: t(`fault.${f}`) }))} />
          {value > 0 && settings.data && (
            needsApproval ? (
              <Alert color="yellow" data-testid="needs-approval">{t('compensation.needsApproval')}</Alert>
            ) : (
              <Alert color="teal" data-testid="within-authority">{t('compensation.withinAuthority')}</Alert>
            )
          )}
          {act.error && <Alert color="red" role="alert">{act.error.message}</Alert>}
          <Button disabled={!settings.data || !(value > 0) || !description.trim()} loading={act.isPending} onClick={submit} data-testid="compensation-submit">
            {needsApproval ? t('compensation.requestApproval') : t('compensation.grantNow')}
          </Button>
        </Stack>
      </Modal>
    </Panel>
  );
}

/** A gift now or a larger bonus on the next purchase, the customer's pick in the portal (P-3.4, P-3.5). */
function OfferForm({ caseId, currency, advice, onDone }: { caseId: string; currency: string; advice: Advice | undefined; onDone: () => void }) {
  const { t, i18n } = useTranslation();
  const [double, setDouble] = useState(advice?.double.suggested ?? false);
  const suggested = advice?.bonus.suggested ?? null;
  const act = useCaseAction(caseId);
  const [gift, setGift] = useState('');
  const [giftValue, setGiftValue] = useState<number | string>('');
  const [bonusValue, setBonusValue] = useState<number | string>('');
  const [months, setMonths] = useState<number | string>(3);
  const bonus = Number(bonusValue) > 0 ? Number(bonusValue) : suggested ? Number(suggested.amount) : 0;
  const bonusBigger = bonus > Number(giftValue);
  const gifts = (advice?.catalog ?? []).filter((i) => i.kind !== 'discount' && i.kind !== 'bonus');
  return (
    <Stack gap="xs" p="sm" bg="gray.0">
      <Text size="sm">{t('offer.hint')}</Text>
      {advice && <AdviceBox advice={advice} />}
      {gifts.length > 0 && (
        <Select
          label={t('economics.fromCatalog')}
          placeholder={t('economics.pick')}
          clearable
          data={gifts.map((i) => ({ value: i.id, label: `${catalogName(t, i)} — ${formatMoney(i.value, i18n.language)}` }))}
          onChange={(id) => {
            const item = gifts.find((i) => i.id === id);
            if (item) {
              setGift(item.name);
              setGiftValue(Number(item.value.amount));
            }
          }}
        />
      )}
      <Group grow>
        <TextInput label={t('offer.gift')} value={gift} onChange={(e) => setGift(e.currentTarget.value)} />
        <NumberInput label={t('offer.giftValue', { currency })} value={giftValue} onChange={setGiftValue} min={0.01} decimalScale={2} />
      </Group>
      <Group grow>
        <NumberInput
          label={t('offer.bonusValue', { currency })}
          description={suggested ? t('economics.bonusFromOrder', { percent: advice!.bonus.percent, order: advice!.problemOrder?.ref ?? '' }) : undefined}
          placeholder={suggested ? suggested.amount : undefined}
          value={bonusValue}
          onChange={setBonusValue}
          min={0.01}
          decimalScale={2}
          data-testid="offer-bonus"
        />
        <NumberInput label={t('offer.months')} value={months} onChange={setMonths} min={1} max={6} />
      </Group>
      <Switch checked={double} onChange={(e) => setDouble(e.currentTarget.checked)} label={t('economics.double')} data-testid="offer-double" />
      {bonus > 0 && Number(giftValue) > 0 && !bonusBigger && <Alert color="yellow">{t('offer.bonusBigger')}</Alert>}
      {act.error && <Alert color="red" role="alert">{act.error.message}</Alert>}
      <Group>
        <Button
          disabled={!gift.trim() || !(Number(giftValue) > 0) || !(bonus > 0)}
          loading={act.isPending}
          onClick={() =>
            act.mutate(
              {
                path: `/api/v1/cases/${caseId}/offers`,
                body: {
                  giftDescription: gift.trim(),
                  giftValue: { amount: Number(giftValue).toFixed(2), currency },
                  ...(Number(bonusValue) > 0 ? { bonusValue: { amount: Number(bonusValue).toFixed(2), currency } } : {}),
                  bonusValidMonths: Number(months),
                  double,
                },
              },
              { onSuccess: onDone },
            )
          }
        >
          {t('offer.send')}
        </Button>
      </Group>
    </Stack>
  );
}
