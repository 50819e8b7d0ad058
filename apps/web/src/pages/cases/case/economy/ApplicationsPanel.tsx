import { Select, SimpleGrid, Stack, Textarea, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { APPLICATION_KINDS, APPLICATION_STATUSES, type ApplicationKind, type ApplicationStatus } from '@forebyg/domain/case-lists';
import type { Application, CaseDetail } from '../../../../api/caseTypes';
import { MoneyInput } from '../../../../components/MoneyInput';
import { listColumn } from '../../../../components/useListTable';
import { isIsoDate } from '../../../../lib/dates';
import { formatDate, formatMoney } from '../../../../lib/format';
import { kronerInputValue, parseKroner } from '../../../../lib/money';
import { ChangeFormAlerts } from '../../ChangeFormAlerts';
import { FormButtons } from '../../../../components/FormButtons';
import { EditableList, GoneNotice, type RowFormProps } from '../panelParts';
import { useVersionedChangeForm } from '../useVersionedChangeForm';
import { textColumn } from './economyParts';

const column = listColumn<Application>;

export function ApplicationsPanel({ detail }: { detail: CaseDetail }) {
  const { t } = useTranslation();
  const kindLabel = (a: Application) => t(`caseLabels.applicationKind.${a.kind}`);
  return (
    <Stack gap="sm">
      <EditableList
        detail={detail}
        list={{ title: t('case.application.list'), id: 'application-list-title', testId: 'applications', none: t('case.application.none') }}
        rows={detail.applications}
        columns={[
          column('kind', t('case.application.kind'), kindLabel),
          column('status', t('case.application.status'), (a) => t(`caseLabels.applicationStatus.${a.status}`)),
          column('submittedDate', t('case.application.submittedDate'), (a) => formatDate(a.submittedDate)),
          column('decidedDate', t('case.application.decidedDate'), (a) => formatDate(a.decidedDate)),
          column('amount', t('case.application.amount'), (a) => (a.amountOre != null ? formatMoney(a.amountOre) : ''), {
            cellStyle: { whiteSpace: 'nowrap' },
          }),
          column('note', t('case.application.note'), (a) => a.note ?? '', textColumn),
        ]}
        editLabel={(a) => t('case.application.editLabel', { kind: kindLabel(a) })}
        editText={t('case.application.edit')}
        Form={ApplicationForm}
        add={{ title: t('case.application.add'), id: 'application-form-title' }}
        editTitle={t('case.application.editTitle')}
      />
    </Stack>
  );
}

const APPLICATION_FIELDS = ['kind', 'status', 'submittedDate', 'decidedDate', 'amountOre', 'note'] as const;

function ApplicationForm({ detail, row: application, onDone, onCancel }: RowFormProps<Application>) {
  const { t } = useTranslation();
  const { change, form, version, gone, onReload } = useVersionedChangeForm(
    detail.id,
    APPLICATION_FIELDS,
    application?.version ?? 0,
    (d) => d.applications.find((a) => a.id === application?.id)?.version,
  );
  const [kind, setKind] = useState<ApplicationKind | null>(application?.kind ?? null);
  const [status, setStatus] = useState<ApplicationStatus>(application?.status ?? 'planned');
  const [submittedDate, setSubmittedDate] = useState(application?.submittedDate ?? '');
  const [decidedDate, setDecidedDate] = useState(application?.decidedDate ?? '');
  const [amount, setAmount] = useState(kronerInputValue(application?.amountOre));
  const [note, setNote] = useState(application?.note ?? '');
  const [local, setLocal] = useState<{ kind?: string; amountOre?: string; date?: string }>({});

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    form.reset();
    const parsed = parseKroner(amount);
    const badDate = [submittedDate, decidedDate].some((d) => d && !isIsoDate(d));
    const errors = {
      kind: kind ? undefined : t('errors.reason.required'),
      amountOre: !parsed.ok && !parsed.empty ? t('case.money.invalid') : undefined,
      date: badDate ? t('case.invalidDate') : undefined,
    };
    setLocal(errors);
    if (errors.kind || errors.amountOre || errors.date) return;
    const done = () => {
      if (!application) {
        setKind(null);
        setStatus('planned');
        setSubmittedDate('');
        setNote('');
      }
      onDone?.();
    };
    if (application) {
      change.mutate(
        {
          method: 'PATCH',
          path: `/applications/${application.id}`,
          body: {
            version,
            status,
            submittedDate: submittedDate || undefined,
            decidedDate: decidedDate || undefined,
            amountOre: parsed.ok ? parsed.ore : undefined,
            note: note.trim() || undefined,
          },
        },
        { onSuccess: done, onError: form.onError },
      );
    } else {
      change.mutate(
        {
          method: 'POST',
          path: '/applications',
          body: { kind, status, submittedDate: submittedDate || undefined, note: note.trim() || undefined },
        },
        { onSuccess: done, onError: form.onError },
      );
    }
  };

  return (
    <form onSubmit={onSubmit} noValidate>
      <Stack gap="sm">
        <ChangeFormAlerts form={form} onReload={onReload} />
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <Select
            label={t('case.application.kind')}
            data={APPLICATION_KINDS.map((k) => ({ value: k, label: t(`caseLabels.applicationKind.${k}`) }))}
            value={kind}
            onChange={(value) => {
              setKind(value as ApplicationKind | null);
              setLocal((p) => ({ ...p, kind: undefined }));
            }}
            disabled={Boolean(application)}
            required
            allowDeselect={false}
            error={local.kind ?? form.fields.kind}
          />
          <Select
            label={t('case.application.status')}
            data={APPLICATION_STATUSES.map((s) => ({ value: s, label: t(`caseLabels.applicationStatus.${s}`) }))}
            value={status}
            onChange={(value) => value && setStatus(value as ApplicationStatus)}
            allowDeselect={false}
            error={form.fields.status}
          />
          <TextInput
            type="date"
            label={t('case.application.submittedDate')}
            value={submittedDate}
            onChange={(e) => setSubmittedDate(e.currentTarget.value)}
            error={form.fields.submittedDate ?? local.date}
          />
          {application ? (
            <>
              <TextInput
                type="date"
                label={t('case.application.decidedDate')}
                value={decidedDate}
                onChange={(e) => setDecidedDate(e.currentTarget.value)}
                error={form.fields.decidedDate}
              />
              <MoneyInput
                label={t('case.application.amount')}
                value={amount}
                onChange={(e) => setAmount(e.currentTarget.value)}
                error={local.amountOre ?? form.fields.amountOre}
              />
            </>
          ) : null}
        </SimpleGrid>
        <Textarea
          label={t('case.application.note')}
          autosize
          minRows={2}
          value={note}
          onChange={(e) => setNote(e.currentTarget.value)}
          error={form.fields.note}
        />
        <GoneNotice gone={gone} />
        <FormButtons submit={application ? t('common.save') : t('case.application.add')} loading={change.isPending} onCancel={onCancel} />
      </Stack>
    </form>
  );
}
