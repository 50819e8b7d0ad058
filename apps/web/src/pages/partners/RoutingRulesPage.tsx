import { Alert, Anchor, Button, Group, NumberInput, Paper, Radio, SimpleGrid, Stack, Switch, Text, Title } from '@mantine/core';
import { IconDeviceFloppy, IconInfoCircle, IconPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { AutoRouting, RoutingRule } from '@forebyg/domain/routing';
import { isApiError } from '../../api/client';
import { useRoutingRules, useSaveRoutingRules } from '../../api/partners';
import type { RoutingRulesDoc, RoutingRulesView } from '../../api/referralTypes';
import { ConflictAlert } from '../../components/ConflictAlert';
import { ErrorAlert, Loading, SuccessNotice } from '../../components/Feedback';
import { FormSummary } from '../../components/FormSummary';
import { PageTitle } from '../../components/PageTitle';
import { errorMessage } from '../../lib/errors';
import { formatDateTime } from '../../lib/format';
import { usePermissions } from '../../lib/permissions';
import { changedByText } from './partnerText';
import { RoutingDryRun } from './RoutingDryRun';
import { errorsOfRule, ruleErrorsFrom, shiftErrorsAfterRemove, type RuleErrors } from './routingRuleErrors';
import { RoutingRuleModal } from './RoutingRuleModal';
import { RoutingRulesTable } from './RoutingRulesTable';

/** The routing rules: which partners the engine proposes for which cases, the preferences that rank them, automatic routing. */
export function RoutingRulesPage() {
  const { t } = useTranslation();
  const query = useRoutingRules();
  return (
    <>
      <Anchor component={Link} to="/partners" size="sm">
        {t('partners.detail.back')}
      </Anchor>
      <PageTitle>{t('routing.title')}</PageTitle>
      <Text mb="md" maw={860}>
        {t('routing.intro')}
      </Text>
      {query.isPending ? <Loading /> : null}
      {query.isError ? <ErrorAlert error={query.error} onRetry={() => void query.refetch()} /> : null}
      {query.data ? <RulesEditor view={query.data} onReload={() => query.refetch()} /> : null}
    </>
  );
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

function RulesEditor({ view, onReload }: { view: RoutingRulesView; onReload: () => Promise<{ data?: RoutingRulesView }> }) {
  const { t } = useTranslation();
  const { can } = usePermissions();
  const editable = can('partners:admin');
  const save = useSaveRoutingRules();
  const [draft, setDraft] = useState<RoutingRulesDoc>(view.rules);
  const [version, setVersion] = useState(view.version);
  const [errors, setErrors] = useState<RuleErrors>({});
  const [summary, setSummary] = useState<string | null>(null);
  const [conflict, setConflict] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const [editing, setEditing] = useState<number | 'new' | null>(null);

  const dirty = !same(draft, view.rules);
  const prefKeys = [...new Set([...Object.keys(view.defaults?.preferences ?? {}), ...Object.keys(draft.preferences)])];

  const clearError = (path: string) =>
    setErrors((prev) => {
      if (!(path in prev)) return prev;
      const next = { ...prev };
      delete next[path];
      return next;
    });

  const setRules = (rules: RoutingRule[]) => setDraft((d) => ({ ...d, rules }));
  const setAuto = <K extends keyof AutoRouting>(key: K, value: AutoRouting[K]) => {
    setDraft((d) => ({ ...d, auto: { ...d.auto, [key]: value } }));
    clearError(`auto.${key}`);
  };

  const onSave = () => {
    setSummary(null);
    setConflict(false);
    save.mutate(
      { version, rules: draft },
      {
        onSuccess: (saved) => {
          setErrors({});
          if (saved && typeof saved === 'object' && 'version' in saved) {
            setVersion(saved.version);
            setDraft(saved.rules);
          }
          setNotice(t('routing.saved'));
        },
        onError: (error) => {
          if (isApiError(error) && error.status === 409) {
            setConflict(true);
            return;
          }
          const result = ruleErrorsFrom(t, error);
          setErrors(result.fields);
          const nothingMatched = Object.keys(result.fields).length === 0 && result.unmatched.length === 0;
          setSummary(nothingMatched ? errorMessage(t, error) : [t('errors.validationSummary'), ...result.unmatched].join(' '));
        },
      },
    );
  };

  const reload = async () => {
    const fresh = await onReload();
    if (fresh.data) {
      setVersion(fresh.data.version);
      setConflict(false);
    }
  };

  return (
    <Stack gap="lg">
      <SuccessNotice message={notice} onClose={() => setNotice(null)} />
      {view.updatedAt ? (
        <Text size="xs" c="dimmed" mt={-8}>
          {t('routing.updated', { date: formatDateTime(view.updatedAt), name: changedByText(t, view.updatedBy) })}
        </Text>
      ) : (
        <Alert color="blue.8" variant="outline" icon={<IconInfoCircle aria-hidden="true" />} maw={860}>
          <Text size="sm">{t('routing.usingDefaults')}</Text>
        </Alert>
      )}
      {conflict ? <ConflictAlert onReload={reload} /> : null}
      <FormSummary message={summary} />

      <section aria-labelledby="routing-rules-title">
        <Group justify="space-between" mb="xs">
          <Title order={2} size="h4" id="routing-rules-title">
            {t('routing.rules.title')}
          </Title>
          {editable ? (
            <Button size="xs" leftSection={<IconPlus size={16} aria-hidden="true" />} onClick={() => setEditing('new')}>
              {t('routing.rules.add')}
            </Button>
          ) : null}
        </Group>
        <RoutingRulesTable
          rules={draft.rules}
          errors={errors}
          editable={editable}
          onEdit={setEditing}
          onRemove={(index) => {
            setRules(draft.rules.filter((_, i) => i !== index));
            setErrors((prev) => shiftErrorsAfterRemove(prev, index));
          }}
          onMove={(index, delta) => {
            const rules = [...draft.rules];
            const [moved] = rules.splice(index, 1);
            rules.splice(index + delta, 0, moved!);
            setRules(rules);
          }}
        />
      </section>

      <Paper withBorder p="md" component="section" aria-labelledby="routing-prefs-title" maw={860}>
        <Title order={2} size="h4" id="routing-prefs-title">
          {t('routing.preferences.title')}
        </Title>
        <Text size="sm" mb="sm">
          {t('routing.preferences.intro')}
        </Text>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          {prefKeys.map((key) => (
            <NumberInput
              key={key}
              label={t(`routing.preferences.${key as 'capacityBonus'}`, { defaultValue: key })}
              description={t('routing.preferences.default', { value: view.defaults?.preferences?.[key] ?? '–' })}
              min={0}
              max={100}
              allowDecimal={false}
              allowNegative={false}
              readOnly={!editable}
              value={draft.preferences[key] ?? ''}
              onChange={(value) => {
                setDraft((d) => ({ ...d, preferences: { ...d.preferences, [key]: typeof value === 'number' ? value : Number(value) } }));
                clearError(`preferences.${key}`);
              }}
              error={errors[`preferences.${key}`]}
              styles={{ wrapper: { maxWidth: 160 } }}
            />
          ))}
        </SimpleGrid>
      </Paper>

      <Paper withBorder p="md" component="section" aria-labelledby="routing-auto-title" maw={860}>
        <Title order={2} size="h4" id="routing-auto-title" mb="sm">
          {t('routing.auto.title')}
        </Title>
        <Stack gap="sm">
          <Switch
            label={t('routing.auto.onOpen')}
            checked={draft.auto.onOpen}
            disabled={!editable}
            onChange={(e) => setAuto('onOpen', e.currentTarget.checked)}
            error={errors['auto.onOpen']}
          />
          <Switch
            label={t('routing.auto.onStageChange')}
            checked={draft.auto.onStageChange}
            disabled={!editable}
            onChange={(e) => setAuto('onStageChange', e.currentTarget.checked)}
            error={errors['auto.onStageChange']}
          />
          <Radio.Group
            label={t('routing.auto.mode')}
            value={draft.auto.mode}
            onChange={(value) => setAuto('mode', value as AutoRouting['mode'])}
            error={errors['auto.mode']}
          >
            <Stack gap={6} mt={6}>
              <Radio value="confirm" label={t('routing.auto.confirm')} disabled={!editable} />
              <Radio value="send_without_consent" label={t('routing.auto.sendWithoutConsent')} disabled={!editable} />
            </Stack>
          </Radio.Group>
          <NumberInput
            label={t('routing.auto.maxProposals')}
            description={t('routing.auto.maxProposalsHelp')}
            min={0}
            max={10}
            allowDecimal={false}
            allowNegative={false}
            readOnly={!editable}
            value={draft.auto.maxProposals}
            onChange={(value) => setAuto('maxProposals', typeof value === 'number' ? value : Number(value))}
            error={errors['auto.maxProposals']}
            styles={{ wrapper: { maxWidth: 160 } }}
          />
        </Stack>
      </Paper>

      {editable ? (
        <Group gap="sm" data-testid="routing-save-bar">
          <Button
            leftSection={<IconDeviceFloppy size={16} aria-hidden="true" />}
            onClick={onSave}
            loading={save.isPending}
            disabled={!dirty || conflict}
          >
            {t('routing.save')}
          </Button>
          <Button variant="default" onClick={() => setDraft(view.rules)} disabled={!dirty}>
            {t('routing.undo')}
          </Button>
          <Button
            variant="subtle"
            onClick={() => view.defaults && setDraft(view.defaults)}
            disabled={!view.defaults || same(draft, view.defaults)}
          >
            {t('routing.useDefaults')}
          </Button>
          {dirty ? (
            <Text size="sm" fw={600} role="status">
              {t('routing.unsaved')}
            </Text>
          ) : null}
        </Group>
      ) : (
        <Text size="sm" c="dimmed">
          {t('routing.readOnly')}
        </Text>
      )}

      {can('referrals:read') ? (
        <RoutingDryRun
          stored={view.rules}
          draft={draft}
          editable={editable}
          onRuleErrors={(found) => setErrors((prev) => ({ ...prev, ...found }))}
        />
      ) : null}

      {editing !== null ? (
        <RoutingRuleModal
          key={String(editing)}
          rule={editing === 'new' ? null : (draft.rules[editing] ?? null)}
          takenIds={draft.rules.map((r) => r.id)}
          serverErrors={editing === 'new' ? {} : errorsOfRule(errors, editing)}
          onClose={() => setEditing(null)}
          onDone={(rule) => {
            if (editing === 'new') setRules([...draft.rules, rule]);
            else {
              setRules(draft.rules.map((r, i) => (i === editing ? rule : r)));
              setErrors((prev) => Object.fromEntries(Object.entries(prev).filter(([path]) => !path.startsWith(`rules.${editing}.`))));
            }
            setEditing(null);
          }}
        />
      ) : null}
    </Stack>
  );
}
