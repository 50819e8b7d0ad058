import { NumberInput, SimpleGrid, Stack, Text, Textarea, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useCaseChange } from '../../../../api/cases';
import type { CaseDetail } from '../../../../api/caseTypes';
import { MoneyInput } from '../../../../components/MoneyInput';
import { addMonths, isIsoDate, todayIso } from '../../../../lib/dates';
import { formatDate, formatMoney } from '../../../../lib/format';
import { parseKroner } from '../../../../lib/money';
import { ChangeFormAlerts } from '../../ChangeFormAlerts';
import { useChangeForm } from '../../useChangeForm';
import { FormButtons } from '../../../../components/FormButtons';

const AGREEMENT_FIELDS = ['agreedDate', 'note', 'instalments'] as const;

/** Monthly instalments of the same amount from the first due date. */
export function monthlyInstalments(amountOre: number, count: number, firstDue: string): { dueDate: string; amountOre: number }[] {
  return Array.from({ length: count }, (_, i) => ({ dueDate: addMonths(firstDue, i), amountOre }));
}

/** A new payment agreement: the same amount every month from the first due date, with a preview of the plan. */
export function AgreementForm({ detail }: { detail: CaseDetail }) {
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
        <FormButtons submit={t('case.agreement.submit')} loading={change.isPending} />
      </Stack>
    </form>
  );
}
