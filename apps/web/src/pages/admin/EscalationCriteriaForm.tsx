import { Button, Group, Paper, Stack, Switch, Text, TextInput, Title } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useSaveEscalationSettings, type EscalationSettings } from '../../api/escalations';
import { FormSummary } from '../../components/FormSummary';
import { useServerFormErrors } from '../../components/useServerFormErrors';

const FIELDS = ['evictionWithinDays', 'noContactDays', 'missedInstalment', 'overdueTasks', 'riskRaised', 'referralUnanswered'] as const;
type Field = (typeof FIELDS)[number];
const DAYS = /^\d{1,3}$/;
const NARROW = { wrapper: { maxWidth: 160 } };

/** The weekly escalation's criteria (PUT /escalations/settings); the preview follows on save. */
export function EscalationCriteriaForm({ initial, onSaved }: { initial: EscalationSettings; onSaved: () => void }) {
  const { t } = useTranslation();
  const save = useSaveEscalationSettings();
  const errors = useServerFormErrors(FIELDS);
  const [eviction, setEviction] = useState(String(initial.evictionWithinDays));
  const [noContact, setNoContact] = useState(String(initial.noContactDays));
  const [missedInstalment, setMissedInstalment] = useState(initial.missedInstalment);
  const [overdueTasks, setOverdueTasks] = useState(initial.overdueTasks);
  const [riskRaised, setRiskRaised] = useState(initial.riskRaised);
  const [referralUnanswered, setReferralUnanswered] = useState(initial.referralUnanswered ?? true);
  const [local, setLocal] = useState<Partial<Record<Field, string>>>({});

  const fieldError = (field: Field) => local[field] ?? errors.fields[field];
  const clear = (field: Field) => {
    setLocal((p) => ({ ...p, [field]: undefined }));
    errors.clearField(field);
  };

  const days = (value: string, min: number): number | null => {
    const v = value.trim();
    if (!DAYS.test(v)) return null;
    const n = Number(v);
    return n >= min && n <= 365 ? n : null;
  };

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    errors.reset();
    const evictionWithinDays = days(eviction, 0);
    const noContactDays = days(noContact, 1);
    const problems: Partial<Record<Field, string>> = {};
    if (evictionWithinDays === null) problems.evictionWithinDays = t('escalationAdmin.invalid.evictionWithinDays');
    if (noContactDays === null) problems.noContactDays = t('escalationAdmin.invalid.noContactDays');
    setLocal(problems);
    if (evictionWithinDays === null || noContactDays === null) return;
    save.mutate(
      { evictionWithinDays, noContactDays, missedInstalment, overdueTasks, riskRaised, referralUnanswered },
      { onSuccess: onSaved, onError: (error) => errors.setFromError(error) },
    );
  };

  return (
    <Paper withBorder p="md" component="section" aria-labelledby="escalation-criteria-title" maw={860}>
      <Title order={2} size="h4" id="escalation-criteria-title" mb={4}>
        {t('escalationAdmin.criteria.title')}
      </Title>
      <Text size="sm" mb="sm">
        {t('escalationAdmin.criteria.intro')}
      </Text>
      <form onSubmit={onSubmit} noValidate aria-labelledby="escalation-criteria-title">
        <Stack gap="sm">
          <FormSummary message={errors.summary} />
          <TextInput
            label={t('escalationAdmin.fields.evictionWithinDays')}
            description={t('escalationAdmin.fields.evictionWithinDaysHelp')}
            inputMode="numeric"
            autoComplete="off"
            name="evictionWithinDays"
            value={eviction}
            onChange={(e) => {
              setEviction(e.currentTarget.value);
              clear('evictionWithinDays');
            }}
            error={fieldError('evictionWithinDays')}
            styles={NARROW}
          />
          <TextInput
            label={t('escalationAdmin.fields.noContactDays')}
            description={t('escalationAdmin.fields.noContactDaysHelp')}
            inputMode="numeric"
            autoComplete="off"
            name="noContactDays"
            value={noContact}
            onChange={(e) => {
              setNoContact(e.currentTarget.value);
              clear('noContactDays');
            }}
            error={fieldError('noContactDays')}
            styles={NARROW}
          />
          <Switch
            label={t('escalationAdmin.fields.missedInstalment')}
            description={t('escalationAdmin.fields.missedInstalmentHelp')}
            name="missedInstalment"
            checked={missedInstalment}
            onChange={(e) => {
              setMissedInstalment(e.currentTarget.checked);
              clear('missedInstalment');
            }}
            error={fieldError('missedInstalment')}
          />
          <Switch
            label={t('escalationAdmin.fields.overdueTasks')}
            description={t('escalationAdmin.fields.overdueTasksHelp')}
            name="overdueTasks"
            checked={overdueTasks}
            onChange={(e) => {
              setOverdueTasks(e.currentTarget.checked);
              clear('overdueTasks');
            }}
            error={fieldError('overdueTasks')}
          />
          <Switch
            label={t('escalationAdmin.fields.riskRaised')}
            description={t('escalationAdmin.fields.riskRaisedHelp')}
            name="riskRaised"
            checked={riskRaised}
            onChange={(e) => {
              setRiskRaised(e.currentTarget.checked);
              clear('riskRaised');
            }}
            error={fieldError('riskRaised')}
          />
          <Switch
            label={t('escalationAdmin.fields.referralUnanswered')}
            description={t('escalationAdmin.fields.referralUnansweredHelp')}
            name="referralUnanswered"
            checked={referralUnanswered}
            onChange={(e) => {
              setReferralUnanswered(e.currentTarget.checked);
              clear('referralUnanswered');
            }}
            error={fieldError('referralUnanswered')}
          />
          <Group>
            <Button type="submit" loading={save.isPending}>
              {t('escalationAdmin.criteria.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Paper>
  );
}
