import { Badge, Button, Group, NumberInput, Paper, Select, SimpleGrid, Stack, Table, Text, Textarea, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useCaseChange } from '../../../api/cases';
import {
  BUDGET_FREQUENCIES,
  CREDITOR_KINDS,
  type AgreementStatus,
  type BudgetFrequency,
  type BudgetKind,
  type BudgetLine,
  type CaseDetail,
  type CreditorKind,
  type Debt,
  type Instalment,
} from '../../../api/caseTypes';
import { AppModal } from '../../../components/AppModal';
import { MoneyInput } from '../../../components/MoneyInput';
import { addMonths, isIsoDate, todayIso } from '../../../lib/dates';
import { formatDate, formatMoney } from '../../../lib/format';
import { kronerInputValue, parseKroner } from '../../../lib/money';
import { ChangeFormAlerts } from '../ChangeFormAlerts';
import { useChangeForm } from '../useChangeForm';
import { PanelSection, writable } from './CasePanels';
import { useBasedOn } from './useBasedOn';
import { useRowChange } from './useRowChange';

const moneyCell = { whiteSpace: 'nowrap', textAlign: 'right', fontVariantNumeric: 'tabular-nums' } as const;

function Total({ label, value, testId }: { label: string; value: number; testId: string }) {
  return (
    <Paper withBorder p="xs" miw={150}>
      <Text size="xs" c="dimmed">
        {label}
      </Text>
      <Text fw={700} data-testid={testId} c={value < 0 ? 'red.9' : undefined}>
        {formatMoney(value)}
      </Text>
    </Paper>
  );
}

export function BudgetPanel({ detail }: { detail: CaseDetail }) {
  const { t } = useTranslation();
  const row = useRowChange(detail.id);
  const [editing, setEditing] = useState<BudgetLine | null>(null);
  const open = writable(detail);
  const { lines, totals } = detail.budget;
  const sorted = [...lines].sort((a, b) => (a.kind === b.kind ? 0 : a.kind === 'income' ? -1 : 1));
  return (
    <Stack gap="sm">
      {row.alerts}
      <Group gap="sm" role="group" aria-label={t('case.budget.totals')}>
        <Total label={t('case.budget.income')} value={totals.incomeOre} testId="budget-income" />
        <Total label={t('case.budget.expense')} value={totals.expenseOre} testId="budget-expense" />
        <Total label={t('case.budget.disposable')} value={totals.disposableOre} testId="budget-disposable" />
      </Group>
      <PanelSection title={t('case.budget.list')} id="budget-list-title">
        {lines.length === 0 ? (
          <Text size="sm">{t('case.budget.none')}</Text>
        ) : (
          <Table striped fz="sm" aria-labelledby="budget-list-title" data-testid="budget-lines">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('case.budget.kind')}</Table.Th>
                <Table.Th scope="col">{t('case.budget.label')}</Table.Th>
                <Table.Th scope="col" style={{ textAlign: 'right' }}>
                  {t('case.budget.amount')}
                </Table.Th>
                <Table.Th scope="col">{t('case.budget.frequency')}</Table.Th>
                <Table.Th scope="col" style={{ textAlign: 'right' }}>
                  {t('case.budget.monthly')}
                </Table.Th>
                {open ? <Table.Th scope="col">{t('common.actions')}</Table.Th> : null}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {sorted.map((line) => (
                <Table.Tr key={line.id}>
                  <Table.Td>{t(`caseLabels.budgetKind.${line.kind}`)}</Table.Td>
                  <Table.Td>{line.label}</Table.Td>
                  <Table.Td style={moneyCell}>{formatMoney(line.amountOre)}</Table.Td>
                  <Table.Td>{t(`caseLabels.frequency.${line.frequency}`)}</Table.Td>
                  <Table.Td style={moneyCell}>{formatMoney(line.monthlyOre)}</Table.Td>
                  {open ? (
                    <Table.Td>
                      <Group gap={4} wrap="nowrap">
                        <Button
                          size="compact-xs"
                          variant="subtle"
                          onClick={() => setEditing(line)}
                          aria-label={t('case.budget.editLabel', { label: line.label })}
                        >
                          {t('case.edit')}
                        </Button>
                        <Button
                          size="compact-xs"
                          variant="subtle"
                          color="red.9"
                          c="red.9"
                          disabled={row.pending}
                          onClick={() => row.run({ method: 'DELETE', path: `/budget-lines/${line.id}`, query: { version: line.version } })}
                          aria-label={t('case.budget.deleteLabel', { label: line.label })}
                        >
                          {t('case.delete')}
                        </Button>
                      </Group>
                    </Table.Td>
                  ) : null}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </PanelSection>
      {open ? (
        <Paper withBorder p="sm">
          <PanelSection title={t('case.budget.add')} id="budget-form-title">
            <BudgetLineForm detail={detail} />
          </PanelSection>
        </Paper>
      ) : null}
      {editing ? (
        <AppModal opened onClose={() => setEditing(null)} title={t('case.budget.editTitle')} closeOnClickOutside={false}>
          <BudgetLineForm detail={detail} line={editing} onDone={() => setEditing(null)} onCancel={() => setEditing(null)} />
        </AppModal>
      ) : null}
    </Stack>
  );
}

const BUDGET_FIELDS = ['kind', 'label', 'amountOre', 'frequency'] as const;

function BudgetLineForm({
  detail,
  line,
  onDone,
  onCancel,
}: {
  detail: CaseDetail;
  line?: BudgetLine;
  onDone?: () => void;
  onCancel?: () => void;
}) {
  const { t } = useTranslation();
  const change = useCaseChange(detail.id);
  const form = useChangeForm(BUDGET_FIELDS);
  const based = useBasedOn(detail.id, line?.version ?? 0, (d) => d.budget.lines.find((l) => l.id === line?.id)?.version);
  const [kind, setKind] = useState<BudgetKind>(line?.kind ?? 'income');
  const [label, setLabel] = useState(line?.label ?? '');
  const [amount, setAmount] = useState(kronerInputValue(line?.amountOre));
  const [frequency, setFrequency] = useState<BudgetFrequency>(line?.frequency ?? 'monthly');
  const [local, setLocal] = useState<{ label?: string; amountOre?: string }>({});

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    form.reset();
    const parsed = parseKroner(amount);
    const errors = {
      label: label.trim() ? undefined : t('errors.reason.required'),
      amountOre: parsed.ok ? undefined : parsed.empty ? t('errors.reason.required') : t('case.money.invalid'),
    };
    setLocal(errors);
    if (errors.label || !parsed.ok) return;
    const body = { kind, label: label.trim(), amountOre: parsed.ore, frequency };
    change.mutate(
      line
        ? { method: 'PATCH', path: `/budget-lines/${line.id}`, body: { version: based.version, ...body } }
        : { method: 'POST', path: '/budget-lines', body },
      {
        onSuccess: () => {
          if (!line) {
            setLabel('');
            setAmount('');
          }
          onDone?.();
        },
        onError: form.onError,
      },
    );
  };

  return (
    <form onSubmit={onSubmit} noValidate>
      <Stack gap="sm">
        <ChangeFormAlerts
          form={form}
          onReload={async () => {
            await based.reload();
            form.setConflict(null);
          }}
        />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <Select
            label={t('case.budget.kind')}
            data={(['income', 'expense'] as const).map((k) => ({ value: k, label: t(`caseLabels.budgetKind.${k}`) }))}
            value={kind}
            onChange={(value) => value && setKind(value as BudgetKind)}
            allowDeselect={false}
            error={form.fields.kind}
          />
          <TextInput
            label={t('case.budget.label')}
            maxLength={200}
            required
            value={label}
            onChange={(e) => {
              setLabel(e.currentTarget.value);
              setLocal((p) => ({ ...p, label: undefined }));
            }}
            error={local.label ?? form.fields.label}
          />
          <MoneyInput
            label={t('case.budget.amount')}
            required
            value={amount}
            onChange={(e) => {
              setAmount(e.currentTarget.value);
              setLocal((p) => ({ ...p, amountOre: undefined }));
            }}
            error={local.amountOre ?? form.fields.amountOre}
          />
          <Select
            label={t('case.budget.frequency')}
            data={BUDGET_FREQUENCIES.map((f) => ({ value: f, label: t(`caseLabels.frequency.${f}`) }))}
            value={frequency}
            onChange={(value) => value && setFrequency(value as BudgetFrequency)}
            allowDeselect={false}
            error={form.fields.frequency}
          />
        </SimpleGrid>
        {based.gone ? (
          <Text c="red.9" size="sm">
            {t('case.conflict.gone')}
          </Text>
        ) : null}
        <Group justify="flex-end">
          {onCancel ? (
            <Button variant="default" onClick={onCancel}>
              {t('common.cancel')}
            </Button>
          ) : null}
          <Button type="submit" loading={change.isPending}>
            {line ? t('common.save') : t('case.budget.add')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

export function DebtsPanel({ detail }: { detail: CaseDetail }) {
  const { t } = useTranslation();
  const row = useRowChange(detail.id);
  const [editing, setEditing] = useState<Debt | null>(null);
  const open = writable(detail);
  const debts = [...detail.debts.items].sort((a, b) => a.priority - b.priority);
  return (
    <Stack gap="sm">
      {row.alerts}
      <Group gap="sm">
        <Total label={t('case.debt.total')} value={detail.debts.totalOre} testId="debt-total" />
      </Group>
      <PanelSection title={t('case.debt.list')} id="debt-list-title">
        {debts.length === 0 ? (
          <Text size="sm">{t('case.debt.none')}</Text>
        ) : (
          <Table striped fz="sm" aria-labelledby="debt-list-title" data-testid="debts">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('case.debt.priority')}</Table.Th>
                <Table.Th scope="col">{t('case.debt.creditor')}</Table.Th>
                <Table.Th scope="col">{t('case.debt.kind')}</Table.Th>
                <Table.Th scope="col" style={{ textAlign: 'right' }}>
                  {t('case.debt.amount')}
                </Table.Th>
                <Table.Th scope="col">{t('case.debt.note')}</Table.Th>
                {open ? <Table.Th scope="col">{t('common.actions')}</Table.Th> : null}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {debts.map((debt) => (
                <Table.Tr key={debt.id}>
                  <Table.Td>{debt.priority}</Table.Td>
                  <Table.Td>{debt.creditor}</Table.Td>
                  <Table.Td>{t(`caseLabels.creditorKind.${debt.creditorKind}`)}</Table.Td>
                  <Table.Td style={moneyCell}>{formatMoney(debt.amountOre)}</Table.Td>
                  <Table.Td style={{ whiteSpace: 'pre-wrap' }}>{debt.note ?? ''}</Table.Td>
                  {open ? (
                    <Table.Td>
                      <Group gap={4} wrap="nowrap">
                        <Button
                          size="compact-xs"
                          variant="subtle"
                          onClick={() => setEditing(debt)}
                          aria-label={t('case.debt.editLabel', { creditor: debt.creditor })}
                        >
                          {t('case.edit')}
                        </Button>
                        <Button
                          size="compact-xs"
                          variant="subtle"
                          color="red.9"
                          c="red.9"
                          disabled={row.pending}
                          onClick={() => row.run({ method: 'DELETE', path: `/debts/${debt.id}`, query: { version: debt.version } })}
                          aria-label={t('case.debt.deleteLabel', { creditor: debt.creditor })}
                        >
                          {t('case.delete')}
                        </Button>
                      </Group>
                    </Table.Td>
                  ) : null}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        )}
      </PanelSection>
      {open ? (
        <Paper withBorder p="sm">
          <PanelSection title={t('case.debt.add')} id="debt-form-title">
            <DebtForm detail={detail} />
          </PanelSection>
        </Paper>
      ) : null}
      {editing ? (
        <AppModal opened onClose={() => setEditing(null)} title={t('case.debt.editTitle')} closeOnClickOutside={false}>
          <DebtForm detail={detail} debt={editing} onDone={() => setEditing(null)} onCancel={() => setEditing(null)} />
        </AppModal>
      ) : null}
    </Stack>
  );
}

const DEBT_FIELDS = ['creditor', 'creditorKind', 'amountOre', 'note'] as const;

function DebtForm({ detail, debt, onDone, onCancel }: { detail: CaseDetail; debt?: Debt; onDone?: () => void; onCancel?: () => void }) {
  const { t } = useTranslation();
  const change = useCaseChange(detail.id);
  const form = useChangeForm(DEBT_FIELDS);
  const based = useBasedOn(detail.id, debt?.version ?? 0, (d) => d.debts.items.find((x) => x.id === debt?.id)?.version);
  const [creditor, setCreditor] = useState(debt?.creditor ?? '');
  const [creditorKind, setCreditorKind] = useState<CreditorKind | null>(debt?.creditorKind ?? null);
  const [amount, setAmount] = useState(kronerInputValue(debt?.amountOre));
  const [note, setNote] = useState(debt?.note ?? '');
  const [local, setLocal] = useState<{ creditor?: string; creditorKind?: string; amountOre?: string }>({});

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    form.reset();
    const parsed = parseKroner(amount);
    const errors = {
      creditor: creditor.trim() ? undefined : t('errors.reason.required'),
      creditorKind: creditorKind ? undefined : t('errors.reason.required'),
      amountOre: parsed.ok ? undefined : parsed.empty ? t('errors.reason.required') : t('case.money.invalid'),
    };
    setLocal(errors);
    if (errors.creditor || errors.creditorKind || !parsed.ok) return;
    const body = { creditor: creditor.trim(), creditorKind, amountOre: parsed.ore, note: note.trim() || undefined };
    change.mutate(
      debt
        ? { method: 'PATCH', path: `/debts/${debt.id}`, body: { version: based.version, ...body } }
        : { method: 'POST', path: '/debts', body },
      {
        onSuccess: () => {
          if (!debt) {
            setCreditor('');
            setCreditorKind(null);
            setAmount('');
            setNote('');
          }
          onDone?.();
        },
        onError: form.onError,
      },
    );
  };

  return (
    <form onSubmit={onSubmit} noValidate>
      <Stack gap="sm">
        <ChangeFormAlerts
          form={form}
          onReload={async () => {
            await based.reload();
            form.setConflict(null);
          }}
        />
        <SimpleGrid cols={{ base: 1, sm: 3 }}>
          <TextInput
            label={t('case.debt.creditor')}
            required
            maxLength={200}
            value={creditor}
            onChange={(e) => {
              setCreditor(e.currentTarget.value);
              setLocal((p) => ({ ...p, creditor: undefined }));
            }}
            error={local.creditor ?? form.fields.creditor}
          />
          <Select
            label={t('case.debt.kind')}
            data={CREDITOR_KINDS.map((k) => ({ value: k, label: t(`caseLabels.creditorKind.${k}`) }))}
            value={creditorKind}
            onChange={(value) => {
              setCreditorKind(value as CreditorKind | null);
              setLocal((p) => ({ ...p, creditorKind: undefined }));
            }}
            required
            allowDeselect={false}
            error={local.creditorKind ?? form.fields.creditorKind}
          />
          <MoneyInput
            label={t('case.debt.amount')}
            required
            value={amount}
            onChange={(e) => {
              setAmount(e.currentTarget.value);
              setLocal((p) => ({ ...p, amountOre: undefined }));
            }}
            error={local.amountOre ?? form.fields.amountOre}
          />
        </SimpleGrid>
        <Textarea
          label={t('case.debt.note')}
          autosize
          minRows={1}
          value={note}
          onChange={(e) => setNote(e.currentTarget.value)}
          error={form.fields.note}
        />
        {based.gone ? (
          <Text c="red.9" size="sm">
            {t('case.conflict.gone')}
          </Text>
        ) : null}
        <Group justify="flex-end">
          {onCancel ? (
            <Button variant="default" onClick={onCancel}>
              {t('common.cancel')}
            </Button>
          ) : null}
          <Button type="submit" loading={change.isPending}>
            {debt ? t('common.save') : t('case.debt.add')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

const INSTALMENT_COLOR: Record<Instalment['status'], string> = { pending: 'gray.7', paid: 'teal.9', missed: 'red.9' };

export function AgreementPanel({ detail }: { detail: CaseDetail }) {
  const { t } = useTranslation();
  const row = useRowChange(detail.id);
  const open = writable(detail);
  const agreement = detail.agreement;
  const [status, setStatus] = useState<AgreementStatus | null>(null);

  return (
    <Stack gap="sm">
      {row.alerts}
      {!agreement ? <Text size="sm">{t('case.agreement.none')}</Text> : null}
      {agreement ? (
        <PanelSection title={t('case.agreement.current')} id="agreement-title">
          <Group gap="sm" mb="xs">
            <Badge
              color={agreement.status === 'active' ? 'blue.8' : agreement.status === 'broken' ? 'red.9' : 'gray.7'}
              variant="filled"
              tt="none"
            >
              {t(`caseLabels.agreementStatus.${agreement.status}`)}
            </Badge>
            <Text size="sm">{t('case.agreement.agreedOn', { date: formatDate(agreement.agreedDate) })}</Text>
            <Text size="sm">
              {t('case.agreement.progress', { paid: formatMoney(agreement.paidOre), total: formatMoney(agreement.totalOre) })}
            </Text>
          </Group>
          {agreement.note ? (
            <Text size="sm" mb="xs" style={{ whiteSpace: 'pre-wrap' }}>
              {agreement.note}
            </Text>
          ) : null}
          <Table striped fz="sm" aria-label={t('case.agreement.instalments')} data-testid="instalments">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('case.agreement.seq')}</Table.Th>
                <Table.Th scope="col">{t('case.agreement.dueDate')}</Table.Th>
                <Table.Th scope="col" style={{ textAlign: 'right' }}>
                  {t('case.agreement.amount')}
                </Table.Th>
                <Table.Th scope="col">{t('case.agreement.status')}</Table.Th>
                <Table.Th scope="col">{t('case.agreement.paidDate')}</Table.Th>
                {open && agreement.status === 'active' ? <Table.Th scope="col">{t('common.actions')}</Table.Th> : null}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {agreement.instalments.map((i) => (
                <Table.Tr key={i.id}>
                  <Table.Td>{i.seq}</Table.Td>
                  <Table.Td>{formatDate(i.dueDate)}</Table.Td>
                  <Table.Td style={moneyCell}>{formatMoney(i.amountOre)}</Table.Td>
                  <Table.Td>
                    <Group gap={4} wrap="nowrap">
                      <Badge color={INSTALMENT_COLOR[i.status]} variant={i.status === 'pending' ? 'outline' : 'filled'} tt="none">
                        {t(`caseLabels.instalmentStatus.${i.status}`)}
                      </Badge>
                      {i.overdue && i.status === 'pending' ? (
                        <Badge color="red.9" variant="filled" size="xs" tt="none">
                          {t('case.task.overdue')}
                        </Badge>
                      ) : null}
                    </Group>
                  </Table.Td>
                  <Table.Td>{formatDate(i.paidDate)}</Table.Td>
                  {open && agreement.status === 'active' ? (
                    <Table.Td>
                      <Group gap={4} wrap="nowrap">
                        {i.status !== 'paid' ? (
                          <Button
                            size="compact-xs"
                            variant="subtle"
                            disabled={row.pending}
                            aria-label={t('case.agreement.markPaidLabel', { seq: i.seq })}
                            onClick={() =>
                              row.run({
                                method: 'PATCH',
                                path: `/instalments/${i.id}`,
                                body: { version: i.version, status: 'paid', paidDate: todayIso() },
                              })
                            }
                          >
                            {t('case.agreement.markPaid')}
                          </Button>
                        ) : null}
                        {i.status !== 'missed' ? (
                          <Button
                            size="compact-xs"
                            variant="subtle"
                            color="red.9"
                            c="red.9"
                            disabled={row.pending}
                            aria-label={t('case.agreement.markMissedLabel', { seq: i.seq })}
                            onClick={() =>
                              row.run({ method: 'PATCH', path: `/instalments/${i.id}`, body: { version: i.version, status: 'missed' } })
                            }
                          >
                            {t('case.agreement.markMissed')}
                          </Button>
                        ) : null}
                        {i.status !== 'pending' ? (
                          <Button
                            size="compact-xs"
                            variant="subtle"
                            color="gray.8"
                            c="gray.8"
                            disabled={row.pending}
                            aria-label={t('case.agreement.markPendingLabel', { seq: i.seq })}
                            onClick={() =>
                              row.run({ method: 'PATCH', path: `/instalments/${i.id}`, body: { version: i.version, status: 'pending' } })
                            }
                          >
                            {t('case.agreement.markPending')}
                          </Button>
                        ) : null}
                      </Group>
                    </Table.Td>
                  ) : null}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          {open && agreement.status === 'active' ? (
            <Group align="flex-end" mt="sm" gap="sm">
              <Select
                label={t('case.agreement.setStatus')}
                placeholder={t('case.agreement.setStatusPlaceholder')}
                data={(['completed', 'broken', 'cancelled'] as const).map((s) => ({
                  value: s,
                  label: t(`caseLabels.agreementStatus.${s}`),
                }))}
                value={status}
                onChange={(value) => setStatus(value as AgreementStatus | null)}
                w={240}
              />
              <Button
                variant="default"
                disabled={!status || row.pending}
                onClick={() =>
                  status &&
                  row.run({ method: 'PATCH', path: `/agreements/${agreement.id}`, body: { version: agreement.version, status } }, () =>
                    setStatus(null),
                  )
                }
              >
                {t('case.agreement.statusSubmit')}
              </Button>
            </Group>
          ) : null}
        </PanelSection>
      ) : null}
      {open && agreement?.status !== 'active' ? (
        <Paper withBorder p="sm">
          <PanelSection title={t('case.agreement.createTitle')} id="agreement-form-title">
            <AgreementForm detail={detail} />
          </PanelSection>
        </Paper>
      ) : null}
    </Stack>
  );
}

const AGREEMENT_FIELDS = ['agreedDate', 'note', 'instalments'] as const;

/** Monthly instalments of the same amount from the first due date. */
export function monthlyInstalments(amountOre: number, count: number, firstDue: string): { dueDate: string; amountOre: number }[] {
  return Array.from({ length: count }, (_, i) => ({ dueDate: addMonths(firstDue, i), amountOre }));
}

function AgreementForm({ detail }: { detail: CaseDetail }) {
  const { t } = useTranslation();
  const change = useCaseChange(detail.id);
  const form = useChangeForm(AGREEMENT_FIELDS);
  const [agreedDate, setAgreedDate] = useState(todayIso());
  const [amount, setAmount] = useState('');
  const [count, setCount] = useState<string | number>(6);
  const [firstDue, setFirstDue] = useState(() => addMonths(todayIso().slice(0, 8) + '01', 1));
  const [note, setNote] = useState('');
  const [local, setLocal] = useState<{ amount?: string; count?: string; firstDue?: string; agreedDate?: string }>({});

  const parsed = parseKroner(amount);
  const n = typeof count === 'number' ? count : Number(count);
  const validCount = Number.isInteger(n) && n >= 1 && n <= 120;
  const preview = parsed.ok && parsed.ore > 0 && validCount && isIsoDate(firstDue) ? monthlyInstalments(parsed.ore, n, firstDue) : null;

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    form.reset();
    const errors = {
      amount: parsed.ok && parsed.ore > 0 ? undefined : parsed.ok || parsed.empty ? t('errors.reason.required') : t('case.money.invalid'),
      count: validCount ? undefined : t('case.agreement.countInvalid'),
      firstDue: isIsoDate(firstDue) ? undefined : t('case.invalidDate'),
      agreedDate: isIsoDate(agreedDate) ? undefined : t('case.invalidDate'),
    };
    setLocal(errors);
    if (errors.amount || errors.count || errors.firstDue || errors.agreedDate || !preview) return;
    change.mutate(
      { method: 'POST', path: '/agreements', body: { agreedDate, note: note.trim() || undefined, instalments: preview } },
      {
        onSuccess: () => {
          setAmount('');
          setNote('');
        },
        onError: form.onError,
      },
    );
  };

  return (
    <form onSubmit={onSubmit} noValidate>
      <Stack gap="sm">
        <ChangeFormAlerts form={form} onReload={() => form.setConflict(null)} />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <MoneyInput
            label={t('case.agreement.perInstalment')}
            required
            value={amount}
            onChange={(e) => {
              setAmount(e.currentTarget.value);
              setLocal((p) => ({ ...p, amount: undefined }));
            }}
            error={local.amount ?? form.fields.instalments}
          />
          <NumberInput
            label={t('case.agreement.count')}
            required
            min={1}
            max={120}
            allowDecimal={false}
            allowNegative={false}
            value={count}
            onChange={(value) => {
              setCount(value);
              setLocal((p) => ({ ...p, count: undefined }));
            }}
            error={local.count}
          />
          <TextInput
            type="date"
            label={t('case.agreement.firstDue')}
            required
            value={firstDue}
            onChange={(e) => {
              setFirstDue(e.currentTarget.value);
              setLocal((p) => ({ ...p, firstDue: undefined }));
            }}
            error={local.firstDue}
          />
          <TextInput
            type="date"
            label={t('case.agreement.agreedDate')}
            required
            value={agreedDate}
            onChange={(e) => {
              setAgreedDate(e.currentTarget.value);
              setLocal((p) => ({ ...p, agreedDate: undefined }));
            }}
            error={local.agreedDate ?? form.fields.agreedDate}
          />
        </SimpleGrid>
        <Textarea
          label={t('case.agreement.note')}
          autosize
          minRows={1}
          value={note}
          onChange={(e) => setNote(e.currentTarget.value)}
          error={form.fields.note}
        />
        <Text size="sm" aria-live="polite" data-testid="agreement-preview">
          {preview
            ? t('case.agreement.preview', {
                count: preview.length,
                amount: formatMoney(parsed.ok ? parsed.ore : 0),
                total: formatMoney(preview.reduce((s, i) => s + i.amountOre, 0)),
                first: formatDate(preview[0]!.dueDate),
                last: formatDate(preview[preview.length - 1]!.dueDate),
              })
            : ''}
        </Text>
        <Group justify="flex-end">
          <Button type="submit" loading={change.isPending}>
            {t('case.agreement.submit')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
