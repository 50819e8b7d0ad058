import { Group, Select, SimpleGrid, Stack, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { BUDGET_FREQUENCIES, type BudgetFrequency, type BudgetLineKind } from '@forebyg/domain/budget';
import type { BudgetLine, CaseDetail } from '../../../../api/caseTypes';
import { MoneyInput } from '../../../../components/MoneyInput';
import { listColumn } from '../../../../components/useListTable';
import { formatMoney } from '../../../../lib/format';
import { kronerInputValue, parseKroner } from '../../../../lib/money';
import { ChangeFormAlerts } from '../../ChangeFormAlerts';
import { FormButtons } from '../../../../components/FormButtons';
import { EditableList, GoneNotice, type RowFormProps } from '../panelParts';
import { useRowChange } from '../useRowChange';
import { useVersionedChangeForm } from '../useVersionedChangeForm';
import { moneyColumn, Total } from './economyParts';

const column = listColumn<BudgetLine>;

export function BudgetPanel({ detail }: { detail: CaseDetail }) {
  const { t } = useTranslation();
  const row = useRowChange(detail.id);
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
      <EditableList
        detail={detail}
        list={{ title: t('case.budget.list'), id: 'budget-list-title', testId: 'budget-lines', none: t('case.budget.none') }}
        rows={sorted}
        columns={[
          column('kind', t('case.budget.kind'), (line) => t(`caseLabels.budgetKind.${line.kind}`)),
          column('label', t('case.budget.label'), (line) => line.label),
          column('amount', t('case.budget.amount'), (line) => formatMoney(line.amountOre), moneyColumn),
          column('frequency', t('case.budget.frequency'), (line) => t(`caseLabels.frequency.${line.frequency}`)),
          column('monthly', t('case.budget.monthly'), (line) => formatMoney(line.monthlyOre), moneyColumn),
        ]}
        editLabel={(line) => t('case.budget.editLabel', { label: line.label })}
        remove={{
          change: row,
          path: (line) => `/budget-lines/${line.id}`,
          label: (line) => t('case.budget.deleteLabel', { label: line.label }),
        }}
        Form={BudgetLineForm}
        add={{ title: t('case.budget.add'), id: 'budget-form-title' }}
        editTitle={t('case.budget.editTitle')}
      />
    </Stack>
  );
}

const BUDGET_FIELDS = ['kind', 'label', 'amountOre', 'frequency'] as const;

function BudgetLineForm({ detail, row: line, onDone, onCancel }: RowFormProps<BudgetLine>) {
  const { t } = useTranslation();
  const { change, form, version, gone, onReload } = useVersionedChangeForm(
    detail.id,
    BUDGET_FIELDS,
    line?.version ?? 0,
    (d) => d.budget.lines.find((l) => l.id === line?.id)?.version,
  );
  const [kind, setKind] = useState<BudgetLineKind>(line?.kind ?? 'income');
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
        ? { method: 'PATCH', path: `/budget-lines/${line.id}`, body: { version, ...body } }
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
        <ChangeFormAlerts form={form} onReload={onReload} />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <Select
            label={t('case.budget.kind')}
            data={(['income', 'expense'] as const).map((k) => ({ value: k, label: t(`caseLabels.budgetKind.${k}`) }))}
            value={kind}
            onChange={(value) => value && setKind(value as BudgetLineKind)}
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
        <GoneNotice gone={gone} />
        <FormButtons submit={line ? t('common.save') : t('case.budget.add')} loading={change.isPending} onCancel={onCancel} />
      </Stack>
    </form>
  );
}
