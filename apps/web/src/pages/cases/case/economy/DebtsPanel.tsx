import { Group, Select, SimpleGrid, Stack, Textarea, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { CREDITOR_KINDS, type CreditorKind } from '@forebyg/domain/debts';
import type { CaseDetail, Debt } from '../../../../api/caseTypes';
import { MoneyInput } from '../../../../components/MoneyInput';
import { listColumn } from '../../../../components/useListTable';
import { formatMoney } from '../../../../lib/format';
import { kronerInputValue, parseKroner } from '../../../../lib/money';
import { ChangeFormAlerts } from '../../ChangeFormAlerts';
import { FormButtons } from '../../../../components/FormButtons';
import { EditableList, GoneNotice, type RowFormProps } from '../panelParts';
import { useRowChange } from '../useRowChange';
import { useVersionedChangeForm } from '../useVersionedChangeForm';
import { moneyColumn, textColumn, Total } from './economyParts';

const column = listColumn<Debt>;

export function DebtsPanel({ detail }: { detail: CaseDetail }) {
  const { t } = useTranslation();
  const row = useRowChange(detail.id);
  const debts = [...detail.debts.items].sort((a, b) => a.priority - b.priority);
  return (
    <Stack gap="sm">
      {row.alerts}
      <Group gap="sm">
        <Total label={t('case.debt.total')} value={detail.debts.totalOre} testId="debt-total" />
      </Group>
      <EditableList
        detail={detail}
        list={{ title: t('case.debt.list'), id: 'debt-list-title', testId: 'debts', none: t('case.debt.none') }}
        rows={debts}
        columns={[
          column('priority', t('case.debt.priority'), (debt) => debt.priority),
          column('creditor', t('case.debt.creditor'), (debt) => debt.creditor),
          column('kind', t('case.debt.kind'), (debt) => t(`caseLabels.creditorKind.${debt.creditorKind}`)),
          column('amount', t('case.debt.amount'), (debt) => formatMoney(debt.amountOre), moneyColumn),
          column('note', t('case.debt.note'), (debt) => debt.note ?? '', textColumn),
        ]}
        editLabel={(debt) => t('case.debt.editLabel', { creditor: debt.creditor })}
        remove={{
          change: row,
          path: (debt) => `/debts/${debt.id}`,
          label: (debt) => t('case.debt.deleteLabel', { creditor: debt.creditor }),
        }}
        Form={DebtForm}
        add={{ title: t('case.debt.add'), id: 'debt-form-title' }}
        editTitle={t('case.debt.editTitle')}
      />
    </Stack>
  );
}

const DEBT_FIELDS = ['creditor', 'creditorKind', 'amountOre', 'note'] as const;

function DebtForm({ detail, row: debt, onDone, onCancel }: RowFormProps<Debt>) {
  const { t } = useTranslation();
  const { change, form, version, gone, onReload } = useVersionedChangeForm(
    detail.id,
    DEBT_FIELDS,
    debt?.version ?? 0,
    (d) => d.debts.items.find((x) => x.id === debt?.id)?.version,
  );
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
      debt ? { method: 'PATCH', path: `/debts/${debt.id}`, body: { version, ...body } } : { method: 'POST', path: '/debts', body },
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
        <ChangeFormAlerts form={form} onReload={onReload} />
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
        <GoneNotice gone={gone} />
        <FormButtons submit={debt ? t('common.save') : t('case.debt.add')} loading={change.isPending} onCancel={onCancel} />
      </Stack>
    </form>
  );
}
