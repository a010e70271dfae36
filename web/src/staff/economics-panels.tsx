// Compensation economics in the desk (PLAYBOOK §3): the advice before
// compensating (authority left by case and month, replacement first, double
// compensation, repeat claimant), the discount arithmetic (P-3.6), the
// return on recovery (P-3.7), and the catalog of amends in the settings.
import { useState } from 'react';
import { Alert, Anchor, Badge, Button, Card, Group, NumberInput, Select, Stack, Switch, Table, Text, TextInput, Title } from '@mantine/core';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { ROLES } from '../../../src/domain/authority.ts';
import { api, everyValue, type Advice, type ApiBody, type Money, type ApiPathParams, type Bonus, type CatalogItem, type CustomerReviews, type DiscountImpact, type Economics, type OfferChoices, type Page, type RecoveryReport, type RecoveryReturn as Return, type RepeatClaimants } from '../api.ts';

/** Staff's own recovery costs (P-3.7), as the server accepts them. */
const COST_KINDS = everyValue<ApiBody<'/api/v1/cases/{id}/recovery-costs', 'post'>['kind']>()(['overtime', 'rework', 'delivery', 'other']);
/** The catalog presets by kind of business (P-3.2), as the server names them. */
const PRESETS = everyValue<ApiPathParams<'/api/v1/catalog/presets/{preset}', 'post'>['preset']>()(['restaurant', 'bookshop', 'clothing', 'beauty_salon', 'manufacturer', 'bank', 'ecommerce']);
/** A manager's decisions after reviewing a customer (P-3.8, P-3.9). */
const DECISIONS = everyValue<ApiBody<'/api/v1/customers/{id}/reviews', 'post'>['decision']>()(['keep', 'watch', 'end_relationship']);
import { formatMoney } from '../format.ts';
import { useCaseAction } from './use-case-action.ts';
import { Link } from '../router.tsx';
import { catalogName } from './catalog-name.ts';


/** The advice for a case, shared by the dialog and the offer form. */
export function useAdvice(caseId: string) {
  return useQuery({ queryKey: ['case', caseId, 'advice'], queryFn: () => api<Advice>('GET', `/api/v1/cases/${caseId}/compensation-advice`) });
}

/** What the agent sees before offering: their authority left and the facts that change the offer. */
export function AdviceBox({ advice }: { advice: Advice }) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const a = advice.authority;
  return (
    <Stack gap={6} data-testid="advice">
      <Text size="sm" data-testid="authority-usage">
        {a.perCase.limit ? t('economics.perCase', { used: formatMoney(a.perCase.used, lng), limit: formatMoney(a.perCase.limit, lng), remaining: formatMoney(a.perCase.remaining!, lng) }) : t('economics.perCaseUnlimited')}
        {' · '}
        {a.perMonth.limit ? t('economics.perMonth', { used: formatMoney(a.perMonth.used, lng), limit: formatMoney(a.perMonth.limit, lng), remaining: formatMoney(a.perMonth.remaining!, lng) }) : t('economics.perMonthUnlimited', { used: formatMoney(a.perMonth.used, lng) })}
        {a.customerFactor !== 1 ? ` ${t('economics.customerFactor', { factor: a.customerFactor })}` : ''}
      </Text>
      {advice.defect && <Alert color="grape" data-testid="replacement-first">{t('economics.replacementFirst')}</Alert>}
      {advice.double.suggested && (
        <Alert color="orange" data-testid="double-suggested">
          {t('economics.doubleSuggested')}
          {advice.double.approvalRole ? ` ${t('economics.doubleApproval', { role: t(`role.${advice.double.approvalRole}`) })}` : ''}
        </Alert>
      )}
      {advice.repeatClaimant.flagged && (
        <Alert color="gray" data-testid="repeat-claimant">{t('economics.repeatClaimant', { count: advice.repeatClaimant.count, total: formatMoney(advice.repeatClaimant.total, lng), days: advice.repeatClaimant.periodDays })}</Alert>
      )}
    </Stack>
  );
}

/** P-3.6: before a discount is granted, what it does to margin over its duration, step by step. */
export function DiscountArithmetic({ caseId, currency }: { caseId: string; currency: string }) {
  const { t, i18n } = useTranslation();
  const [percent, setPercent] = useState<number | string>(20);
  const [months, setMonths] = useState<number | string>(6);
  const [monthly, setMonthly] = useState<number | string>('');
  const calc = useMutation({
    mutationFn: () =>
      api<DiscountImpact>('POST', `/api/v1/cases/${caseId}/discount-impact`, {
        discountPercent: Number(percent),
        months: Number(months),
        ...(Number(monthly) > 0 ? { monthlyRevenue: { amount: Number(monthly).toFixed(2), currency } } : {}),
      }),
  });
  const r = calc.data;
  return (
    <Card withBorder p="sm" data-testid="discount-arithmetic">
      <Text fw={600} size="sm">{t('economics.discountTitle')}</Text>
      <Group grow align="end">
        <NumberInput label={t('economics.discountPercent')} value={percent} onChange={setPercent} min={1} max={100} data-testid="discount-percent" />
        <NumberInput label={t('economics.months')} value={months} onChange={setMonths} min={1} max={60} data-testid="discount-months" />
        <NumberInput label={t('economics.monthlyRevenue', { currency })} placeholder={t('economics.fromHistory')} value={monthly} onChange={setMonthly} min={0} decimalScale={2} data-testid="discount-monthly" />
      </Group>
      <Group mt="xs"><Button size="xs" variant="light" onClick={() => calc.mutate()} loading={calc.isPending} data-testid="discount-calc">{t('economics.calculate')}</Button></Group>
      {calc.error && <Alert color="red" mt="xs">{calc.error.message}</Alert>}
      {r && (
        <Stack gap={4} mt="xs">
          <Table>
            <Table.Tbody>
              {r.steps.map((s) => (
                <Table.Tr key={s.key} data-testid={`step-${s.key}`}>
                  <Table.Td>{t(`economics.step.${s.key}`)}</Table.Td>
                  <Table.Td c="dimmed">{s.formula}</Table.Td>
                  <Table.Td ta="right" fw={s.key === 'left' ? 700 : 400}>{formatMoney(s.amount, i18n.language)}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          <Text size="sm" data-testid="margin-lost">{t('economics.marginLost', { percent: r.marginLostPercent })}</Text>
          <Alert color={r.recommendation === 'discount' ? 'blue' : 'yellow'} data-testid="discount-recommendation">
            <Text size="sm" fw={600}>{t(`economics.recommend.${r.recommendation}`)}</Text>
            {r.reasons.map((x) => <Text key={x.code} size="sm">{t(`economics.reason.${x.code}`, { defaultValue: x.message, bonus: r.alternatives.bonusCost ? formatMoney(r.alternatives.bonusCost, i18n.language) : '', percent: r.marginLostPercent.toFixed(0), months: r.months })}</Text>)}
          </Alert>
        </Stack>
      )}
    </Card>
  );
}


/** P-3.7: what the recovery cost (with overtime and rework staff record) and what the customer bought afterwards. */
export function RecoveryReturn({ caseId, currency }: { caseId: string; currency: string }) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const q = useQuery({ queryKey: ['case', caseId, 'recovery-return'], queryFn: () => api<Return>('GET', `/api/v1/cases/${caseId}/recovery-return`) });
  const act = useCaseAction(caseId);
  const [kind, setKind] = useState('overtime');
  const [amount, setAmount] = useState<number | string>('');
  const r = q.data;
  return (
    <Stack gap={4} data-testid="recovery-return">
      {r && (
        <Text size="sm">
          {t('economics.return', { cost: formatMoney(r.cost.total, lng), effort: formatMoney(r.cost.effort, lng), net: formatMoney(r.net, lng), months: r.windowMonths })}
          {r.ratio !== null ? ` — ${t('economics.ratio', { ratio: r.ratio })}` : ''}
        </Text>
      )}
      <Group align="end" gap="xs">
        <Select size="xs" w={130} value={kind} onChange={(v) => setKind(v ?? 'overtime')} allowDeselect={false} data={COST_KINDS.map((k) => ({ value: k, label: t(`economics.cost.${k}`) }))} aria-label={t('economics.costKind')} />
        <NumberInput size="xs" w={120} value={amount} onChange={setAmount} min={0.01} decimalScale={2} aria-label={t('economics.costAmount', { currency })} placeholder={new Intl.NumberFormat(i18n.language, { style: 'currency', currency }).format(0)} />
        <Button
          size="xs"
          variant="subtle"
          disabled={!(Number(amount) > 0)}
          onClick={() => act.mutate({ path: `/api/v1/cases/${caseId}/recovery-costs`, body: { kind, amount: { amount: Number(amount).toFixed(2), currency } } }, { onSuccess: () => setAmount('') })}
        >
          {t('economics.recordCost')}
        </Button>
      </Group>
    </Stack>
  );
}

/** The catalog of amends for admins: load a preset for the kind of business, adjust cost and value, hide items (P-3.2). */
export function CatalogSettings({ currency }: { currency: string }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const list = useQuery({ queryKey: ['catalog', 'all'], queryFn: () => api<Page<CatalogItem>>('GET', '/api/v1/catalog?all=true&limit=200') });
  const [preset, setPreset] = useState<string | null>('restaurant');
  const refresh = () => void qc.invalidateQueries({ queryKey: ['catalog'] });
  const load = useMutation({ mutationFn: () => api('POST', `/api/v1/catalog/presets/${preset}`), onSuccess: refresh });
  const edit = useMutation({ mutationFn: ({ id, body }: { id: string; body: unknown }) => api('PATCH', `/api/v1/catalog/${id}`, body), onSuccess: refresh });
  return (
    <Card withBorder data-testid="catalog-settings">
      <Title order={4} mb="xs">{t('economics.catalog')}</Title>
      <Text size="sm" c="dimmed">{t('economics.catalogHint')}</Text>
      <Group align="end" my="xs">
        <Select label={t('economics.preset')} value={preset} onChange={setPreset} allowDeselect={false} data={PRESETS.map((p) => ({ value: p, label: t(`economics.presets.${p}`) }))} w={220} />
        <Button onClick={() => load.mutate()} loading={load.isPending} data-testid="catalog-load">{t('economics.loadPreset')}</Button>
      </Group>
      {(load.error ?? edit.error) && <Alert color="red">{(load.error ?? edit.error)!.message}</Alert>}
      <Table>
        <Table.Thead>
          <Table.Tr><Table.Th>{t('economics.item')}</Table.Th><Table.Th>{t('compensation.kind')}</Table.Th><Table.Th>{t('economics.costToUs', { currency })}</Table.Th><Table.Th>{t('economics.valueToCustomer', { currency })}</Table.Th><Table.Th>{t('economics.active')}</Table.Th></Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {list.data?.items.map((i) => (
            <Table.Tr key={i.id} data-testid="catalog-item">
              <Table.Td>{catalogName(t, i)} {i.remedy && <Badge size="xs" color="grape">{t('economics.remedy')}</Badge>}</Table.Td>
              <Table.Td>{t(`kind.${i.kind}`)}</Table.Td>
              <Table.Td><AmountCell value={i.cost} onSave={(amount) => edit.mutate({ id: i.id, body: { cost: { amount, currency } } })} /></Table.Td>
              <Table.Td><AmountCell value={i.value} onSave={(amount) => edit.mutate({ id: i.id, body: { value: { amount, currency } } })} /></Table.Td>
              <Table.Td><Switch checked={i.active} onChange={(e) => edit.mutate({ id: i.id, body: { active: e.currentTarget.checked } })} aria-label={t('economics.active')} /></Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {list.data && list.data.items.length === 0 && <Text size="sm">{t('economics.catalogEmpty')}</Text>}
    </Card>
  );
}

function AmountCell({ value, onSave }: { value: Money; onSave: (amount: string) => void }) {
  const [v, setV] = useState(value.amount);
  return <TextInput size="xs" w={100} value={v} onChange={(e) => setV(e.currentTarget.value)} onBlur={() => v !== value.amount && /^\d+(\.\d{1,2})?$/.test(v) && onSave(v)} />;
}


/** On the customer page: the bonus ledger (P-3.5) and, for managers, the review with the numbers in view (P-3.8, P-3.9). */
export function CustomerEconomics({ customerId, canDecide }: { customerId: string; canDecide: boolean }) {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const qc = useQueryClient();
  const ledger = useQuery({ queryKey: ['customer', customerId, 'bonuses'], queryFn: () => api<Page<Bonus>>('GET', `/api/v1/customers/${customerId}/bonuses?limit=50`) });
  const reviews = useQuery({ queryKey: ['customer', customerId, 'reviews'], enabled: canDecide, queryFn: () => api<CustomerReviews>('GET', `/api/v1/customers/${customerId}/reviews`) });
  const [decision, setDecision] = useState<string | null>('keep');
  const [reason, setReason] = useState('');
  const record = useMutation({
    mutationFn: () => api('POST', `/api/v1/customers/${customerId}/reviews`, { decision, reason: reason.trim() }),
    onSuccess: () => {
      setReason('');
      void qc.invalidateQueries({ queryKey: ['customer', customerId] });
    },
  });
  const f = reviews.data?.figures;
  return (
    <Stack gap="xs">
      <Title order={4}>{t('economics.bonusLedger')}</Title>
      {ledger.data?.items.length === 0 && <Text size="sm" c="dimmed">{t('economics.noBonuses')}</Text>}
      {ledger.data?.items.map((b) => (
        <Text key={b.id} size="sm" data-testid="bonus-row">
          {formatMoney(b.amount, lng)} · {t(`economics.bonusStatus.${b.status}`)} · {t('economics.until', { date: new Date(b.expiresAt).toLocaleDateString(lng) })}
          {b.redeemed ? ` · ${t('economics.redeemed', { amount: formatMoney(b.redeemed, lng) })}` : ''}
        </Text>
      ))}
      {canDecide && f && (
        <Card withBorder data-testid="customer-review">
          <Title order={5}>{t('economics.reviewTitle')}</Title>
          <Text size="sm">
            {t('economics.figures', {
              value: formatMoney(f.lifetimeValue, lng),
              orders: f.orderCount,
              cost: formatMoney(f.costToServe, lng),
              balance: formatMoney(f.balance, lng),
              count: f.inPeriod.count,
              total: formatMoney(f.inPeriod.total, lng),
              days: f.inPeriod.days,
            })}
          </Text>
          {reviews.data!.items.map((r) => (
            <Text key={r.id} size="xs" c="dimmed">{new Date(r.createdAt).toLocaleDateString(lng)} · {t(`economics.decision.${r.decision}`)} · {r.reason}</Text>
          ))}
          <Group align="end" mt="xs">
            <Select w={220} label={t('economics.decisionLabel')} value={decision} onChange={setDecision} allowDeselect={false} data={DECISIONS.map((d) => ({ value: d, label: t(`economics.decision.${d}`) }))} />
            <TextInput style={{ flex: 1 }} label={t('economics.why')} value={reason} onChange={(e) => setReason(e.currentTarget.value)} />
            <Button onClick={() => record.mutate()} disabled={!reason.trim()} loading={record.isPending} color={decision === 'end_relationship' ? 'red' : undefined}>{t('economics.record')}</Button>
          </Group>
          {record.error && <Alert color="red" mt="xs">{record.error.message}</Alert>}
        </Card>
      )}
    </Stack>
  );
}


/** For managers: does recovery pay (P-3.7), how customers choose (P-3.4), who claims unusually often (P-3.8). */
export function EconomicsDashboard() {
  const { t, i18n } = useTranslation();
  const lng = i18n.language;
  const ret = useQuery({ queryKey: ['dashboard', 'recovery'], queryFn: () => api<RecoveryReport>('GET', '/api/v1/reports/recovery-return?limit=1') });
  const choices = useQuery({ queryKey: ['dashboard', 'choices'], queryFn: () => api<OfferChoices>('GET', '/api/v1/reports/offer-choices') });
  const flagged = useQuery({ queryKey: ['dashboard', 'flagged'], queryFn: () => api<RepeatClaimants>('GET', '/api/v1/reports/repeat-claimants?limit=20') });
  return (
    <Stack mt="md" data-testid="economics-dashboard">
      <Card withBorder>
        <Title order={4} mb="xs">{t('economics.recoveryTitle')}</Title>
        {ret.data && (
          <Text data-testid="recovery-totals">
            {t('economics.recoveryTotals', { cases: ret.data.totals.cases, cost: formatMoney(ret.data.totals.cost, lng), net: formatMoney(ret.data.totals.net, lng), months: ret.data.windowMonths })}
            {ret.data.totals.ratio !== null ? ` — ${t('economics.ratio', { ratio: ret.data.totals.ratio })}` : ''}
          </Text>
        )}
      </Card>
      <Card withBorder>
        <Title order={4} mb="xs">{t('economics.choicesTitle')}</Title>
        {choices.data && (
          <>
            <Text>{t('economics.choices', { gift: choices.data.choices.gift.count, bonus: choices.data.choices.bonus.count, both: choices.data.choices.both.count, share: choices.data.bonusShare === null ? '—' : Math.round(choices.data.bonusShare * 100) })}</Text>
            <Text size="sm" c="dimmed">{t('economics.ledgerTotals', { issued: formatMoney(choices.data.bonuses.issued, lng), redeemed: formatMoney(choices.data.bonuses.redeemed, lng), expired: formatMoney(choices.data.bonuses.expired, lng), active: formatMoney(choices.data.bonuses.active, lng) })}</Text>
          </>
        )}
      </Card>
      <Card withBorder>
        <Title order={4} mb="xs">{t('economics.flaggedTitle')}</Title>
        {flagged.data?.items.length === 0 && <Text size="sm" c="dimmed">{t('economics.flaggedNone')}</Text>}
        {flagged.data?.items.map((f) => (
          <Text key={f.customerId} size="sm">
            <Anchor component={Link} href={`/customers/${f.customerId}`}>{f.name ?? '—'}</Anchor> · {t('economics.flaggedRow', { count: f.inPeriod.count, total: formatMoney(f.inPeriod.total, lng) })}
            {f.lastReview ? ` · ${t(`economics.decision.${f.lastReview.decision}`)}` : ''}
          </Text>
        ))}
      </Card>
    </Stack>
  );
}


/** For admins: the business's figures behind the economics (bonus share and validity, margin, tax, windows, thresholds, monthly limits). */
export function EconomicsSettings({ currency, economics }: { currency: string; economics: Economics }) {
  const { t } = useTranslation();
  const qc = useQueryClient();
  const [e, setE] = useState(economics);
  const [monthly, setMonthly] = useState<Record<string, string>>(Object.fromEntries(ROLES.map((r) => [r, economics.monthlyAuthorityLimits[r]?.amount ?? ''])));
  const save = useMutation({
    mutationFn: () =>
      api('PUT', '/api/v1/settings', {
        economics: {
          bonusPercent: Number(e.bonusPercent),
          bonusValidMonths: Number(e.bonusValidMonths),
          bonusReminderDays: Number(e.bonusReminderDays),
          marginPercent: Number(e.marginPercent),
          taxPercent: e.taxPercent === null || (e.taxPercent as unknown) === '' ? null : Number(e.taxPercent),
          recoveryWindowMonths: Number(e.recoveryWindowMonths),
          abusePeriodDays: Number(e.abusePeriodDays),
          abuseMaxCount: Number(e.abuseMaxCount),
          abuseMaxValue: e.abuseMaxValue,
          monthlyAuthorityLimits: Object.fromEntries(ROLES.map((r) => [r, monthly[r]?.trim() ? { amount: monthly[r]!.trim(), currency } : null])),
        },
      }),
    onSuccess: () => void qc.invalidateQueries({ queryKey: ['settings'] }),
  });
  const num = (key: keyof Economics, label: string, max: number, decimals = 0) => (
    <NumberInput key={key} w={170} label={label} value={(e[key] as number | null) ?? ''} min={0} max={max} decimalScale={decimals} onChange={(v) => setE({ ...e, [key]: v === '' ? null : v })} />
  );
  return (
    <Card withBorder data-testid="economics-settings">
      <Title order={4} mb="xs">{t('economics.settingsTitle')}</Title>
      <Group align="end">
        {num('bonusPercent', t('economics.set.bonusPercent'), 100, 2)}
        {num('bonusValidMonths', t('economics.set.bonusValidMonths'), 6)}
        {num('bonusReminderDays', t('economics.set.bonusReminderDays'), 90)}
        {num('marginPercent', t('economics.set.marginPercent'), 100, 2)}
        {num('taxPercent', t('economics.set.taxPercent'), 100, 2)}
        {num('recoveryWindowMonths', t('economics.set.recoveryWindowMonths'), 60)}
      </Group>
      <Group align="end" mt="xs">
        {num('abusePeriodDays', t('economics.set.abusePeriodDays'), 3650)}
        {num('abuseMaxCount', t('economics.set.abuseMaxCount'), 1000)}
        <TextInput w={170} label={t('economics.set.abuseMaxValue', { currency })} value={e.abuseMaxValue.amount} onChange={(ev) => setE({ ...e, abuseMaxValue: { amount: ev.currentTarget.value, currency } })} />
      </Group>
      <Text size="sm" mt="sm">{t('economics.set.monthly')}</Text>
      <Group align="end">
        {ROLES.map((r) => (
          <TextInput key={r} w={150} label={t('economics.set.perMonthRole', { role: t(`role.${r}`) })} placeholder={t('settings.unlimited')} value={monthly[r] ?? ''} onChange={(ev) => setMonthly({ ...monthly, [r]: ev.currentTarget.value })} />
        ))}
        <Button onClick={() => save.mutate()} loading={save.isPending}>{t('settings.save')}</Button>
      </Group>
      {save.error && <Alert color="red" mt="xs">{save.error.message}</Alert>}
      {save.isSuccess && <Alert color="teal" mt="xs">{t('settings.saved')}</Alert>}
    </Card>
  );
}
