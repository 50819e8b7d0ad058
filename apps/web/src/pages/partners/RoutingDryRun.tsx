import { Alert, Anchor, Badge, Box, Button, Group, Paper, SimpleGrid, Stack, Text, TextInput, Title } from '@mantine/core';
import { IconAlertTriangle, IconPlayerPlay, IconRefresh } from '@tabler/icons-react';
import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { RoutingRule } from '@forebyg/domain/routing';
import type { Recommendation, RoutingFacts, RoutingRulesDoc } from '../../api/referralTypes';
import { ErrorAlert } from '../../components/Feedback';
import { RecommendationsTable } from '../../components/RecommendationsTable';
import { languageName } from '../../lib/referralText';
import { ruleErrorsFrom, rulePathText, type RuleErrors } from './routingRuleErrors';
import { CaseNotFound, compareRankings, dryRunBasis, parseCaseRef, runDryRun, type CaseRef, type Change, type DryRunOutcome } from './routingDryRun';

/**
 * "Prøv reglerne på en sag": what the stored rules and the rules as edited on the page (unsaved) recommend for
 * one case, side by side, with the partners whose rank or score changed marked. Nothing is saved. Errors of the
 * edited rules are listed here and handed to the page (`onRuleErrors`), which shows them at the rules.
 */
export function RoutingDryRun({
  stored,
  draft,
  editable,
  onRuleErrors,
}: {
  stored: RoutingRulesDoc;
  draft: RoutingRulesDoc;
  /** Whether the page edits the rules; without, only the stored rules are tried. */
  editable: boolean;
  onRuleErrors: (errors: RuleErrors) => void;
}) {
  const { t } = useTranslation();
  const [input, setInput] = useState('');
  const [fieldError, setFieldError] = useState<string | null>(null);
  // The last answer stays on screen while the next run is under way.
  const [outcome, setOutcome] = useState<DryRunOutcome | null>(null);
  const edited = editable ? draft : null;
  const basis = dryRunBasis(stored, edited);
  const run = useMutation({
    mutationFn: (vars: { ref: CaseRef; edited: RoutingRulesDoc | null; basis: string }) => runDryRun(vars.ref, vars.edited, vars.basis),
    onSuccess: (result) => {
      setOutcome(result);
      if (result.editedError) onRuleErrors(ruleErrorsFrom(t, result.editedError).fields);
    },
    onError: (error) => {
      setOutcome(null);
      if (!(error instanceof CaseNotFound)) return;
      const ref = error.ref;
      setFieldError('caseNumber' in ref ? t('routing.dryRun.notFound', { caseNumber: ref.caseNumber }) : t('routing.dryRun.notFoundLink'));
    },
  });

  const start = () => {
    const ref = parseCaseRef(input);
    if (!ref) {
      setFieldError(t('routing.dryRun.required'));
      return;
    }
    setFieldError(null);
    run.mutate({ ref, edited, basis });
  };
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    start();
  };

  return (
    <Paper withBorder p="md" component="section" aria-labelledby="routing-dry-run-title" data-testid="routing-dry-run">
      <Title order={2} size="h4" id="routing-dry-run-title">
        {t('routing.dryRun.title')}
      </Title>
      <Text size="sm" mb="sm" maw={860}>
        {editable ? t('routing.dryRun.intro') : t('routing.dryRun.introReadOnly')}
      </Text>
      <form onSubmit={submit} noValidate>
        <TextInput
          label={t('routing.dryRun.caseLabel')}
          description={t('routing.dryRun.caseHelp')}
          value={input}
          onChange={(e) => {
            setInput(e.currentTarget.value);
            setFieldError(null);
          }}
          error={fieldError}
          w={520}
          maw="100%"
          inputContainer={(children) => (
            <Group gap="sm" wrap="nowrap" align="flex-start">
              <Box flex={1}>{children}</Box>
              <Button type="submit" loading={run.isPending} leftSection={<IconPlayerPlay size={16} aria-hidden="true" />}>
                {t('routing.dryRun.run')}
              </Button>
            </Group>
          )}
        />
      </form>
      {run.isError && !(run.error instanceof CaseNotFound) ? <ErrorAlert error={run.error} /> : null}
      {outcome ? <DryRunResults outcome={outcome} rules={draft.rules} stale={outcome.basis !== basis} busy={run.isPending} onRerun={start} /> : null}
    </Paper>
  );
}

function DryRunResults({
  outcome,
  rules,
  stale,
  busy,
  onRerun,
}: {
  outcome: DryRunOutcome;
  rules: RoutingRule[];
  stale: boolean;
  busy: boolean;
  onRerun: () => void;
}) {
  const { t } = useTranslation();
  const tried = outcome.edited !== null || outcome.editedError !== null;
  const comparison = outcome.edited ? compareRankings(outcome.stored.recommendations, outcome.edited.recommendations) : null;
  const changeBadges = (rec: Recommendation) => (comparison?.changes.get(rec.partnerId) ?? []).map((change) => <ChangeBadge key={change.kind} change={change} />);
  const droppedBadge = (rec: Recommendation) =>
    comparison?.dropped.has(rec.partnerId) ? (
      <Badge color="red.9" variant="outline" tt="none" mt={4} miw="max-content" display="block" data-change="dropped">
        {t('routing.dryRun.dropped')}
      </Badge>
    ) : null;

  return (
    <Stack gap="sm" mt="md" data-testid="dry-run-result">
      <Group gap="xs" wrap="wrap">
        <Anchor component={Link} to={`/cases/${outcome.caseId}`} fw={600} size="sm">
          {outcome.caseNumber ? t('routing.dryRun.caseTitle', { caseNumber: outcome.caseNumber }) : t('routing.dryRun.caseFromLink')}
        </Anchor>
        <Facts facts={outcome.stored.facts} />
      </Group>
      {stale ? (
        <Alert color="blue.8" variant="outline" icon={<IconRefresh aria-hidden="true" />} data-testid="dry-run-stale">
          <Group gap="sm" justify="space-between">
            <Text size="sm">{t('routing.dryRun.stale')}</Text>
            <Button size="xs" variant="outline" onClick={onRerun} loading={busy}>
              {t('routing.dryRun.run')}
            </Button>
          </Group>
        </Alert>
      ) : null}
      {comparison ? (
        <Text size="sm" fw={600} role="status" data-testid="dry-run-summary">
          {comparison.affected ? t('routing.dryRun.changed', { count: comparison.affected }) : t('routing.dryRun.same')}
        </Text>
      ) : null}
      <SimpleGrid cols={{ base: 1, lg: tried ? 2 : 1 }} spacing="lg">
        <Box component="section" aria-labelledby="dry-run-stored-title" miw={0}>
          <Title order={3} size="h5" id="dry-run-stored-title" mb="xs">
            {t('routing.dryRun.stored')}
          </Title>
          <RecommendationsTable
            items={outcome.stored.recommendations}
            labelledBy="dry-run-stored-title"
            testId="dry-run-stored"
            ranked
            note={droppedBadge}
          />
        </Box>
        {tried ? (
          <Box component="section" aria-labelledby="dry-run-edited-title" miw={0}>
            <Title order={3} size="h5" id="dry-run-edited-title" mb="xs">
              {t('routing.dryRun.edited')}
            </Title>
            {outcome.edited ? (
              <RecommendationsTable
                items={outcome.edited.recommendations}
                labelledBy="dry-run-edited-title"
                testId="dry-run-edited"
                ranked
                note={changeBadges}
              />
            ) : (
              <InvalidRules error={outcome.editedError} rules={rules} />
            )}
          </Box>
        ) : null}
      </SimpleGrid>
    </Stack>
  );
}

function ChangeBadge({ change }: { change: Change }) {
  const { t } = useTranslation();
  const text =
    change.kind === 'new'
      ? t('routing.dryRun.new')
      : change.kind === 'score'
        ? t('routing.dryRun.score', { from: change.from, to: change.to })
        : t(`routing.dryRun.${change.kind}`, { from: change.from });
  return (
    <Badge color={change.kind === 'down' ? 'red.9' : 'blue.9'} variant="outline" tt="none" mt={4} miw="max-content" display="block" data-change={change.kind}>
      {text}
    </Badge>
  );
}

/** What the engine knew about the case: stage, risk, days left, children, language. */
function Facts({ facts }: { facts: RoutingFacts }) {
  const { t, i18n } = useTranslation();
  const days = facts.daysLeft;
  const items = [
    t('routing.dryRun.stage', { stage: t(`caseLabels.stage.${facts.stage}`) }),
    t('routing.dryRun.risk', { level: t(`caseLabels.riskLevel.${facts.riskLevel}`).toLowerCase(), score: facts.riskScore }),
    days === null
      ? t('routing.dryRun.noDeadline')
      : days < 0
        ? t('routing.dryRun.overdue', { count: -days })
        : t('routing.dryRun.daysLeft', { count: days }),
    facts.childrenInHousehold > 0 ? t('routing.dryRun.children', { count: facts.childrenInHousehold }) : t('routing.dryRun.noChildren'),
    facts.preferredLanguage ? t('routing.dryRun.language', { language: languageName(facts.preferredLanguage, i18n.resolvedLanguage ?? 'da') }) : '',
  ].filter(Boolean);
  return (
    <Box component="ul" m={0} p={0} fz="sm" style={{ listStyle: 'none' }} aria-label={t('routing.dryRun.factsLabel')} data-testid="dry-run-facts">
      {items.map((item, i) => (
        <Box component="li" key={item} display="inline">
          {i > 0 ? ' · ' : ''}
          {item}
        </Box>
      ))}
    </Box>
  );
}

/** The 422 of the rules as edited, field by field (the page shows the same errors at the rules). */
function InvalidRules({ error, rules }: { error: unknown; rules: RoutingRule[] }) {
  const { t } = useTranslation();
  const { fields, unmatched } = ruleErrorsFrom(t, error);
  const lines = [...Object.entries(fields).map(([path, text]) => `${rulePathText(t, path, rules)}: ${text}`), ...unmatched];
  return (
    <Alert role="alert" color="red.9" variant="outline" icon={<IconAlertTriangle aria-hidden="true" />} data-testid="dry-run-invalid">
      <Text size="sm" c="red.9" fw={600}>
        {t('routing.dryRun.invalid')}
      </Text>
      <Box component="ul" m={0} pl="md" fz="sm" c="red.9">
        {lines.map((line) => (
          <li key={line}>{line}</li>
        ))}
      </Box>
    </Alert>
  );
}
