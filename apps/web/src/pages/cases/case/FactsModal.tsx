import { NumberInput, SimpleGrid, Text, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { MoneyInput } from '../../../components/MoneyInput';
import { isIsoDate } from '../../../lib/dates';
import { kronerInputValue, parseKroner } from '../../../lib/money';
import type { ModalProps } from './CaseModals';
import { FormButtons } from '../../../components/FormButtons';
import { ChangeFormModal } from './panelParts';
import { useCaseLevelForm } from './useVersionedChangeForm';

const EDITABLE_DATES = [
  'oldestDueDate',
  'demandSentDate',
  'terminationDate',
  'legalHandoverDate',
  'courtFiledDate',
  'evictionDate',
] as const;
type EditableDate = (typeof EDITABLE_DATES)[number];
const FACT_FIELDS = ['arrearsOre', 'childrenInHousehold', 'dates'] as const;

export function FactsModal({ detail, onClose, onSaved }: ModalProps) {
  const { t } = useTranslation();
  const { change, form, version, onReload } = useCaseLevelForm(detail, FACT_FIELDS);
  const [arrears, setArrears] = useState(kronerInputValue(detail.arrearsOre));
  const [children, setChildren] = useState<string | number>(detail.childrenInHousehold);
  const [dates, setDates] = useState<Record<EditableDate, string>>(() => {
    const out = {} as Record<EditableDate, string>;
    for (const key of EDITABLE_DATES) out[key] = detail.dates[key] ?? '';
    return out;
  });
  const [local, setLocal] = useState<{ arrearsOre?: string; dates?: string }>({});

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    form.reset();
    const parsed = parseKroner(arrears);
    const badDate = EDITABLE_DATES.some((k) => dates[k] && !isIsoDate(dates[k]));
    const errors = { arrearsOre: parsed.ok ? undefined : t('case.money.invalid'), dates: badDate ? t('case.invalidDate') : undefined };
    setLocal(errors);
    if (!parsed.ok || badDate) return;
    const changedDates: Partial<Record<EditableDate, string | null>> = {};
    for (const key of EDITABLE_DATES) {
      const before = detail.dates[key] ?? '';
      if (dates[key] !== before) changedDates[key] = dates[key] || null;
    }
    const body: Record<string, unknown> = { version };
    if (parsed.ore !== detail.arrearsOre) body.arrearsOre = parsed.ore;
    const childCount = Number(children || 0);
    if (childCount !== detail.childrenInHousehold) body.childrenInHousehold = childCount;
    if (Object.keys(changedDates).length) body.dates = changedDates;
    if (Object.keys(body).length === 1) {
      onClose();
      return;
    }
    change.mutate({ method: 'PATCH', path: '', body }, { onSuccess: () => onSaved(t('case.facts.saved')), onError: form.onError });
  };

  return (
    <ChangeFormModal title={t('case.facts.title')} onClose={onClose} onSubmit={onSubmit} form={form} onReload={onReload}>
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <MoneyInput
          label={t('case.facts.arrears')}
          value={arrears}
          onChange={(e) => {
            setArrears(e.currentTarget.value);
            setLocal((p) => ({ ...p, arrearsOre: undefined }));
          }}
          error={local.arrearsOre ?? form.fields.arrearsOre}
          data-autofocus
        />
        <NumberInput
          label={t('case.facts.children')}
          min={0}
          max={30}
          allowDecimal={false}
          allowNegative={false}
          value={children}
          onChange={setChildren}
          error={form.fields.childrenInHousehold}
        />
        {EDITABLE_DATES.map((key) => (
          <TextInput
            key={key}
            type="date"
            label={t(`caseLabels.dates.${key}`)}
            value={dates[key]}
            onChange={(e) => {
              const value = e.currentTarget.value;
              setDates((p) => ({ ...p, [key]: value }));
              setLocal((p) => ({ ...p, dates: undefined }));
            }}
          />
        ))}
      </SimpleGrid>
      {local.dates || form.fields.dates ? (
        <Text c="red.9" size="sm" role="alert">
          {local.dates ?? form.fields.dates}
        </Text>
      ) : null}
      <FormButtons submit={t('common.save')} loading={change.isPending} onCancel={onClose} />
    </ChangeFormModal>
  );
}
