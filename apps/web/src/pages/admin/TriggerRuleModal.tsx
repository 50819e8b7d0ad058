import { Alert, Button, Group, Stack, Switch, Text, TextInput } from '@mantine/core';
import { IconAlertTriangle, IconInfoCircle } from '@tabler/icons-react';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import {
  useSaveTriggerRule,
  useTriggerRules,
  type StoredTriggerRule,
  type TriggerRulesView,
  type TriggerRuleValues,
} from '../../api/arrears';
import { isApiError } from '../../api/client';
import { AppModal } from '../../components/AppModal';
import { ConflictAlert } from '../../components/ConflictAlert';
import { FormSummary } from '../../components/FormSummary';
import { MoneyInput } from '../../components/MoneyInput';
import { useServerFormErrors } from '../../components/useServerFormErrors';
import { kronerInputValue, parseKroner } from '../../lib/money';
import { amountText, closeText, monthsInputValue, monthsText } from './triggerRuleText';

export type RuleTarget = { kind: 'organisation' } | { kind: 'department'; departmentId: string; code: string; name: string };

const FIELDS = ['openMinMonths', 'openMinOre', 'openOnDemand', 'closeAfterDaysAtZero'] as const;
type Field = (typeof FIELDS)[number];

/** A short input under a long label: only the input is narrow. */
const NARROW = { wrapper: { maxWidth: 220 } };

const MONTHS = /^\d{1,3}([.,]\d{1,2})?$/;
const DAYS = /^\d{1,4}$/;

/** The stored rule the modal edits (null: none yet). */
export function ruleOf(view: TriggerRulesView | undefined, target: RuleTarget): StoredTriggerRule | null {
  if (!view) return null;
  if (target.kind === 'organisation') return view.organisation;
  return view.departments.find((d) => d.departmentId === target.departmentId)?.rule ?? null;
}

function initialValues(view: TriggerRulesView, target: RuleTarget): TriggerRuleValues {
  const rule = ruleOf(view, target);
  if (rule) return rule;
  // The organisation starts from the defaults (what applies today); a department from "follow the organisation".
  if (target.kind === 'organisation') return view.defaults;
  const dept = view.departments.find((d) => d.departmentId === target.departmentId);
  return { openMinMonths: null, openMinOre: null, openOnDemand: dept?.effective.openOnDemand ?? view.defaults.openOnDemand, closeAfterDaysAtZero: null };
}

/**
 * Edits the organisation's rule or a department's override. Sends the version it was based on; when someone
 * else saved meanwhile (409), the input stays and "Genindlæs" re-bases it on the current version.
 */
export function TriggerRuleModal({
  view,
  target,
  onClose,
  onSaved,
}: {
  view: TriggerRulesView;
  target: RuleTarget;
  onClose: () => void;
  onSaved: () => void;
}) {
  const { t } = useTranslation();
  const rules = useTriggerRules();
  const save = useSaveTriggerRule();
  const errors = useServerFormErrors(FIELDS);
  const [initial] = useState(() => initialValues(view, target));
  const [version, setVersion] = useState<number | undefined>(() => ruleOf(view, target)?.version);
  const [months, setMonths] = useState(() => monthsInputValue(initial.openMinMonths));
  const [amount, setAmount] = useState(() => (initial.openMinOre === null ? '' : kronerInputValue(initial.openMinOre)));
  const [onDemand, setOnDemand] = useState(initial.openOnDemand);
  const [days, setDays] = useState(() => (initial.closeAfterDaysAtZero === null ? '' : String(initial.closeAfterDaysAtZero)));
  const [local, setLocal] = useState<Partial<Record<Field, string>>>({});
  const [conflict, setConflict] = useState(false);

  const current = rules.data ?? view;
  const isDept = target.kind === 'department';
  const org = current.organisation;
  const title = isDept ? t('triggerRules.editDeptTitle', { code: target.code, name: target.name }) : t('triggerRules.editOrgTitle');

  /** What an empty field means: off/never for the organisation; for a department, the organisation's value. */
  const help = (text: string, inherited: string | null, ownEmpty: string) => {
    const empty = isDept && inherited !== null ? t('triggerRules.fields.inheritHelp', { value: inherited }) : ownEmpty;
    return `${text} ${empty}`;
  };
  const off = t('triggerRules.fields.emptyOff');
  const never = t('triggerRules.fields.emptyNever');
  const inheritedMonths = org && org.openMinMonths !== null ? monthsText(t, org.openMinMonths) : null;
  const inheritedAmount = org && org.openMinOre !== null ? amountText(t, org.openMinOre) : null;
  const inheritedClose = org && org.closeAfterDaysAtZero !== null ? closeText(t, org.closeAfterDaysAtZero) : null;

  const fieldError = (field: Field) => local[field] ?? errors.fields[field];
  const clear = (field: Field) => {
    setLocal((p) => ({ ...p, [field]: undefined }));
    errors.clearField(field);
  };

  const parse = (): { values: TriggerRuleValues | null; problems: Partial<Record<Field, string>> } => {
    const problems: Partial<Record<Field, string>> = {};
    let openMinMonths: number | null = null;
    const m = months.trim();
    if (m) {
      const n = MONTHS.test(m) ? Number(m.replace(',', '.')) : NaN;
      if (!Number.isFinite(n) || n < 0.01 || n > 120) problems.openMinMonths = t('triggerRules.invalid.months');
      else openMinMonths = n;
    }
    let openMinOre: number | null = null;
    const kr = parseKroner(amount);
    if (kr.ok) {
      if (kr.ore < 1 || kr.ore > 10_000_000_000) problems.openMinOre = t('triggerRules.invalid.amount');
      else openMinOre = kr.ore;
    } else if (!kr.empty) {
      problems.openMinOre = t('triggerRules.invalid.amount');
    }
    let closeAfterDaysAtZero: number | null = null;
    const d = days.trim();
    if (d) {
      const n = DAYS.test(d) ? Number(d) : NaN;
      if (!Number.isInteger(n) || n > 3650) problems.closeAfterDaysAtZero = t('triggerRules.invalid.days');
      else closeAfterDaysAtZero = n;
    }
    if (Object.keys(problems).length) return { values: null, problems };
    return { values: { openMinMonths, openMinOre, openOnDemand: onDemand, closeAfterDaysAtZero }, problems };
  };

  // The rule as it would apply after saving (a department's empty fields follow the organisation's rule).
  const parsed = parse().values;
  const opensNothing =
    parsed !== null &&
    !parsed.openOnDemand &&
    (parsed.openMinMonths ?? (isDept ? org?.openMinMonths ?? null : null)) === null &&
    (parsed.openMinOre ?? (isDept ? org?.openMinOre ?? null : null)) === null;

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    errors.reset();
    setConflict(false);
    const { values, problems } = parse();
    setLocal(problems);
    if (!values) return;
    save.mutate(
      { departmentId: isDept ? target.departmentId : null, input: { ...values, ...(version !== undefined ? { version } : {}) } },
      {
        onSuccess: onSaved,
        onError: (error) => {
          // A stale version, or the rule was removed meanwhile: both are "someone else changed it".
          if (isApiError(error) && error.status === 409) setConflict(true);
          else errors.setFromError(error);
        },
      },
    );
  };

  const reload = async () => {
    const fresh = await rules.refetch();
    if (fresh.data) {
      setVersion(ruleOf(fresh.data, target)?.version);
      setConflict(false);
    }
  };

  return (
    <AppModal opened onClose={onClose} title={title}>
      <form onSubmit={onSubmit} noValidate>
        <Stack gap="sm">
          {conflict ? <ConflictAlert onReload={reload} /> : null}
          <FormSummary message={errors.summary} />
          {isDept && !org ? (
            <Alert color="orange.9" variant="outline" icon={<IconAlertTriangle aria-hidden="true" />}>
              <Text size="sm">{t('triggerRules.noOrgRuleWarning')}</Text>
            </Alert>
          ) : null}
          <TextInput
            label={t('triggerRules.fields.openMinMonths')}
            description={help(t('triggerRules.fields.openMinMonthsHelp'), inheritedMonths, off)}
            inputMode="decimal"
            autoComplete="off"
            name="openMinMonths"
            value={months}
            onChange={(e) => {
              setMonths(e.currentTarget.value);
              clear('openMinMonths');
            }}
            error={fieldError('openMinMonths')}
            styles={NARROW}
            data-autofocus
          />
          <MoneyInput
            label={t('triggerRules.fields.openMinOre')}
            description={help(t('triggerRules.fields.openMinOreHelp'), inheritedAmount, off)}
            name="openMinOre"
            value={amount}
            onChange={(e) => {
              setAmount(e.currentTarget.value);
              clear('openMinOre');
            }}
            error={fieldError('openMinOre')}
            styles={NARROW}
          />
          <Switch
            label={t('triggerRules.fields.openOnDemand')}
            description={t('triggerRules.fields.openOnDemandHelp')}
            name="openOnDemand"
            checked={onDemand}
            onChange={(e) => {
              setOnDemand(e.currentTarget.checked);
              clear('openOnDemand');
            }}
            error={fieldError('openOnDemand')}
          />
          <TextInput
            label={t('triggerRules.fields.closeAfterDaysAtZero')}
            description={help(t('triggerRules.fields.closeAfterDaysAtZeroHelp'), inheritedClose, never)}
            inputMode="numeric"
            autoComplete="off"
            name="closeAfterDaysAtZero"
            value={days}
            onChange={(e) => {
              setDays(e.currentTarget.value);
              clear('closeAfterDaysAtZero');
            }}
            error={fieldError('closeAfterDaysAtZero')}
            styles={NARROW}
          />
          {opensNothing ? (
            <Alert color="orange.9" variant="outline" icon={<IconInfoCircle aria-hidden="true" />} role="status">
              <Text size="sm">{t('triggerRules.noOpenCriterion')}</Text>
            </Alert>
          ) : null}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={save.isPending} disabled={conflict}>
              {t('common.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </AppModal>
  );
}
