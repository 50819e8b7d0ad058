import { Alert, Select, Text, Textarea, TextInput } from '@mantine/core';
import { IconInfoCircle } from '@tabler/icons-react';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { STAGES, type Stage } from '@forebyg/domain/stages';
import type { CaseDates } from '../../../api/caseTypes';
import { isIsoDate, todayIso } from '../../../lib/dates';
import type { ModalProps } from './CaseModals';
import { FormButtons } from '../../../components/FormButtons';
import { ChangeFormModal } from './panelParts';
import { useCaseLevelForm } from './useVersionedChangeForm';

/** Which of the case's dates a stage change records. */
export const STAGE_DATE_FIELD: Partial<Record<Stage, keyof CaseDates>> = {
  demand: 'demandSentDate',
  termination: 'terminationDate',
  legal: 'legalHandoverDate',
  court: 'courtFiledDate',
  eviction_scheduled: 'evictionDate',
};

const STAGE_FIELDS = ['stage', 'reason', 'date'] as const;

export function StageModal({ detail, onClose, onSaved }: ModalProps) {
  const { t } = useTranslation();
  const { change, form, version, onReload } = useCaseLevelForm(detail, STAGE_FIELDS);
  const currentIndex = STAGES.indexOf(detail.stage);
  const [stage, setStage] = useState<Stage | null>(STAGES[currentIndex + 1] ?? null);
  const [reason, setReason] = useState('');
  // The eviction date is the date the court set, never "today" by default.
  const [date, setDate] = useState(() => (STAGES[currentIndex + 1] === 'eviction_scheduled' ? '' : todayIso()));
  const [local, setLocal] = useState<{ stage?: string; reason?: string; date?: string }>({});

  const delta = stage ? STAGES.indexOf(stage) - currentIndex : 0;
  const needsReason = stage !== null && delta !== 1 && delta !== 0;
  const hasDate = stage !== null && stage !== 'arrears';
  const dateRequired = stage === 'eviction_scheduled';

  const pickStage = (value: Stage | null) => {
    setStage(value);
    setLocal({});
    if (value === 'eviction_scheduled' && date === todayIso()) setDate('');
    if (value !== 'eviction_scheduled' && !date) setDate(todayIso());
  };

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    form.reset();
    const errors = {
      stage: !stage ? t('errors.reason.required') : delta === 0 ? t('case.stage.sameStage') : undefined,
      reason: needsReason && !reason.trim() ? t('errors.reason.reason_required') : undefined,
      date:
        dateRequired && !date ? t('case.stage.evictionRequired') : hasDate && date && !isIsoDate(date) ? t('case.invalidDate') : undefined,
    };
    setLocal(errors);
    if (errors.stage || errors.reason || errors.date || !stage) return;
    change.mutate(
      {
        method: 'POST',
        path: '/stage',
        body: { version, stage, reason: reason.trim() || undefined, date: hasDate && date ? date : undefined },
      },
      { onSuccess: () => onSaved(t('case.stage.changed', { stage: t(`caseLabels.stage.${stage}`) })), onError: form.onError },
    );
  };

  return (
    <ChangeFormModal title={t('case.stage.title')} onClose={onClose} onSubmit={onSubmit} form={form} onReload={onReload}>
      <Text size="sm">{t('case.stage.current', { stage: t(`caseLabels.stage.${detail.stage}`) })}</Text>
      <Select
        label={t('case.stage.stage')}
        data={STAGES.filter((s) => s !== detail.stage).map((s) => ({ value: s, label: t(`caseLabels.stage.${s}`) }))}
        value={stage}
        onChange={(value) => pickStage(value as Stage | null)}
        allowDeselect={false}
        required
        error={local.stage ?? form.fields.stage}
        data-autofocus
      />
      {needsReason ? (
        <>
          <Alert color="blue.8" variant="outline" icon={<IconInfoCircle aria-hidden="true" />} p="xs">
            <Text size="sm">{delta > 1 ? t('case.stage.skip') : t('case.stage.back')}</Text>
          </Alert>
          <Textarea
            label={t('case.stage.reason')}
            description={t('case.stage.reasonHelp')}
            autosize
            minRows={2}
            required
            value={reason}
            onChange={(e) => {
              setReason(e.currentTarget.value);
              setLocal((p) => ({ ...p, reason: undefined }));
            }}
            error={local.reason ?? form.fields.reason}
          />
        </>
      ) : null}
      {hasDate && stage ? (
        <TextInput
          type="date"
          label={t(`case.stage.date.${stage as Exclude<Stage, 'arrears'>}`)}
          description={dateRequired ? undefined : t('case.stage.dateHelp')}
          required={dateRequired}
          value={date}
          onChange={(e) => {
            setDate(e.currentTarget.value);
            setLocal((p) => ({ ...p, date: undefined }));
          }}
          error={local.date ?? form.fields.date}
        />
      ) : null}
      <FormButtons submit={t('case.stage.submit')} loading={change.isPending} onCancel={onClose} />
    </ChangeFormModal>
  );
}
