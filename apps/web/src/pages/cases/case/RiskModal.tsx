import { Button, Group, Select, Text, Textarea } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { RISK_LEVELS, type RiskLevel } from '@forebyg/domain/risk-levels';
import type { ModalProps } from './CaseModals';
import { ChangeFormModal } from './panelParts';
import { useCaseLevelForm } from './useVersionedChangeForm';

const RISK_FIELDS = ['level', 'reason'] as const;

export function RiskModal({ detail, onClose, onSaved }: ModalProps) {
  const { t } = useTranslation();
  const { change, form, version, onReload } = useCaseLevelForm(detail, RISK_FIELDS);
  const [level, setLevel] = useState<RiskLevel | null>(detail.risk.override?.level ?? null);
  const [reason, setReason] = useState(detail.risk.override?.reason ?? '');
  const [local, setLocal] = useState<{ level?: string; reason?: string }>({});

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    form.reset();
    const errors = {
      level: level ? undefined : t('errors.reason.required'),
      reason: reason.trim() ? undefined : t('errors.reason.required'),
    };
    setLocal(errors);
    if (errors.level || errors.reason) return;
    change.mutate(
      { method: 'POST', path: '/risk-override', body: { version, level, reason: reason.trim() } },
      { onSuccess: () => onSaved(t('case.riskModal.saved')), onError: form.onError },
    );
  };

  const onClear = () => {
    form.reset();
    change.mutate(
      { method: 'POST', path: '/risk-override', body: { version, level: null } },
      { onSuccess: () => onSaved(t('case.riskModal.cleared')), onError: form.onError },
    );
  };

  return (
    <ChangeFormModal title={t('case.riskModal.title')} onClose={onClose} onSubmit={onSubmit} form={form} onReload={onReload}>
      <Text size="sm">
        {t('case.riskModal.computed', { level: t(`caseLabels.riskLevel.${detail.risk.computedLevel}`), score: detail.risk.score })}
      </Text>
      <Select
        label={t('case.riskModal.level')}
        data={[...RISK_LEVELS].reverse().map((r) => ({ value: r, label: t(`caseLabels.riskLevel.${r}`) }))}
        value={level}
        onChange={(value) => {
          setLevel(value as RiskLevel | null);
          setLocal((p) => ({ ...p, level: undefined }));
        }}
        allowDeselect={false}
        required
        error={local.level ?? form.fields.level}
        data-autofocus
      />
      <Textarea
        label={t('case.riskModal.reason')}
        description={t('case.riskModal.reasonHelp')}
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
      <Group justify="space-between">
        {detail.risk.overridden ? (
          <Button variant="outline" onClick={onClear} loading={change.isPending}>
            {t('case.riskModal.clear')}
          </Button>
        ) : (
          <span />
        )}
        <Group>
          <Button variant="default" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={change.isPending}>
            {t('case.riskModal.submit')}
          </Button>
        </Group>
      </Group>
    </ChangeFormModal>
  );
}
