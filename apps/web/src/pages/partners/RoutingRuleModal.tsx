import { Button, Group, MultiSelect, NumberInput, Select, SimpleGrid, Stack, Switch, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { RISK_LEVELS, type RiskLevel } from '@forebyg/domain/risk-levels';
import { STAGES, type Stage } from '@forebyg/domain/stages';
import { PARTNER_KINDS, REFERRAL_PURPOSES, type PartnerKind, type ReferralPurpose } from '@forebyg/domain/referral-lists';
import type { RoutingRule } from '@forebyg/domain/routing';
import { AppModal } from '../../components/AppModal';
import { labelOptions } from '../../lib/referralText';
import { ruleIdFrom } from './routingRuleErrors';

type Field = keyof RoutingRule;

const NARROW = { wrapper: { maxWidth: 200 } };

export const NEW_RULE: RoutingRule = {
  id: '',
  label: '',
  enabled: true,
  partnerKind: 'volunteer',
  purpose: 'debt_counselling',
  stages: [],
  minRiskLevel: null,
  maxDaysLeft: null,
  onlyWithChildren: false,
  weight: 50,
};

/**
 * Edits one rule of the draft (nothing is saved until "Gem regler" on the page). Errors the API reported for
 * this rule are shown at their fields.
 */
export function RoutingRuleModal({
  rule,
  takenIds,
  serverErrors,
  onClose,
  onDone,
}: {
  /** null: a new rule. */
  rule: RoutingRule | null;
  takenIds: string[];
  serverErrors: Partial<Record<Field, string>>;
  onClose: () => void;
  onDone: (rule: RoutingRule) => void;
}) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState<RoutingRule>(rule ?? NEW_RULE);
  const [maxDays, setMaxDays] = useState<number | string>(rule?.maxDaysLeft ?? '');
  const [weight, setWeight] = useState<number | string>(rule?.weight ?? NEW_RULE.weight);
  const [local, setLocal] = useState<Partial<Record<Field, string>>>({});
  const [shown, setShown] = useState(serverErrors);

  const set = <K extends Field>(field: K, value: RoutingRule[K]) => {
    setDraft((prev) => ({ ...prev, [field]: value }));
    setLocal((prev) => ({ ...prev, [field]: undefined }));
    setShown((prev) => ({ ...prev, [field]: undefined }));
  };
  const error = (field: Field) => local[field] ?? shown[field];

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const problems: Partial<Record<Field, string>> = {};
    if (!draft.label.trim()) problems.label = t('errors.reason.required');
    const w = Number(weight);
    if (weight === '' || !Number.isInteger(w) || w < 0 || w > 100) problems.weight = t('routing.invalid.weight');
    const d = maxDays === '' ? null : Number(maxDays);
    if (d !== null && (!Number.isInteger(d) || d < -365 || d > 365)) problems.maxDaysLeft = t('routing.invalid.maxDaysLeft');
    setLocal(problems);
    if (Object.keys(problems).length) return;
    const id = draft.id || ruleIdFrom(draft.label, takenIds);
    onDone({ ...draft, id, label: draft.label.trim(), weight: w, maxDaysLeft: d });
  };

  return (
    <AppModal
      opened
      onClose={onClose}
      title={rule ? t('routing.rule.editTitle', { label: rule.label }) : t('routing.rule.addTitle')}
      closeOnClickOutside={false}
      size="xl"
    >
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <TextInput
            label={t('routing.rule.label')}
            required
            maxLength={200}
            value={draft.label}
            onChange={(e) => set('label', e.currentTarget.value)}
            error={error('label') ?? error('id')}
            data-autofocus
          />
          <Switch
            label={t('routing.rule.enabled')}
            checked={draft.enabled}
            onChange={(e) => set('enabled', e.currentTarget.checked)}
            error={error('enabled')}
          />
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <Select
              label={t('routing.rule.partnerKind')}
              data={labelOptions(t, 'partnerKind', PARTNER_KINDS)}
              value={draft.partnerKind}
              onChange={(value) => value && set('partnerKind', value as PartnerKind)}
              allowDeselect={false}
              required
              error={error('partnerKind')}
            />
            <Select
              label={t('routing.rule.purpose')}
              data={labelOptions(t, 'purpose', REFERRAL_PURPOSES)}
              value={draft.purpose}
              onChange={(value) => value && set('purpose', value as ReferralPurpose)}
              allowDeselect={false}
              required
              error={error('purpose')}
            />
          </SimpleGrid>
          <MultiSelect
            label={t('routing.rule.stages')}
            description={t('routing.rule.stagesHelp')}
            data={STAGES.map((s) => ({ value: s, label: t(`caseLabels.stage.${s}`) }))}
            value={draft.stages}
            onChange={(value) => set('stages', value as Stage[])}
            error={error('stages')}
          />
          <SimpleGrid cols={{ base: 1, sm: 2 }}>
            <Select
              label={t('routing.rule.minRiskLevel')}
              description={t('routing.rule.minRiskLevelHelp')}
              data={RISK_LEVELS.map((l) => ({ value: l, label: t(`caseLabels.riskLevel.${l}`) }))}
              value={draft.minRiskLevel}
              onChange={(value) => set('minRiskLevel', value as RiskLevel | null)}
              clearable
              error={error('minRiskLevel')}
            />
            <NumberInput
              label={t('routing.rule.maxDaysLeft')}
              description={t('routing.rule.maxDaysLeftHelp')}
              min={-365}
              max={365}
              allowDecimal={false}
              value={maxDays}
              onChange={(value) => {
                setMaxDays(value);
                setLocal((p) => ({ ...p, maxDaysLeft: undefined }));
                setShown((p) => ({ ...p, maxDaysLeft: undefined }));
              }}
              error={error('maxDaysLeft')}
              styles={NARROW}
            />
          </SimpleGrid>
          <Switch
            label={t('routing.rule.onlyWithChildren')}
            checked={draft.onlyWithChildren}
            onChange={(e) => set('onlyWithChildren', e.currentTarget.checked)}
            error={error('onlyWithChildren')}
          />
          <NumberInput
            label={t('routing.rule.weight')}
            description={t('routing.rule.weightHelp')}
            min={0}
            max={100}
            allowDecimal={false}
            allowNegative={false}
            required
            value={weight}
            onChange={(value) => {
              setWeight(value);
              setLocal((p) => ({ ...p, weight: undefined }));
              setShown((p) => ({ ...p, weight: undefined }));
            }}
            error={error('weight')}
            styles={NARROW}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit">{rule ? t('routing.rule.apply') : t('routing.rule.add')}</Button>
          </Group>
        </Stack>
      </form>
    </AppModal>
  );
}
