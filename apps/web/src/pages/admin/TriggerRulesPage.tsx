import { Alert, Badge, Box, Button, Group, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { IconInfoCircle, IconPencil, IconPlus, IconTrash } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useTriggerRules, type DepartmentTriggerRule, type TriggerRuleValues } from '../../api/arrears';
import { ErrorAlert, Loading, SuccessNotice } from '../../components/Feedback';
import { PageTitle } from '../../components/PageTitle';
import { formatDate } from '../../lib/format';
import { RemoveRuleModal } from './RemoveRuleModal';
import { TriggerRuleModal, type RuleTarget } from './TriggerRuleModal';
import { amountText, closeText, demandText, monthsText, ruleSummary } from './triggerRuleText';

type Key = keyof TriggerRuleValues;

/** The organisation's trigger rule and every department's override with the values in force. */
export function TriggerRulesPage() {
  const { t } = useTranslation();
  const rules = useTriggerRules();
  const [editing, setEditing] = useState<RuleTarget | null>(null);
  const [removing, setRemoving] = useState<DepartmentTriggerRule | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const view = rules.data;
  const org = view?.organisation ?? null;
  const orgValues: TriggerRuleValues | null = view ? (org ?? view.defaults) : null;

  const valueRows = (values: TriggerRuleValues): [string, string][] => [
    [t('triggerRules.departments.months'), monthsText(t, values.openMinMonths)],
    [t('triggerRules.departments.amount'), amountText(t, values.openMinOre)],
    [t('triggerRules.departments.demand'), demandText(t, values.openOnDemand)],
    [t('triggerRules.departments.close'), closeText(t, values.closeAfterDaysAtZero)],
  ];

  /** An effective value, marked when it is the department's own rather than the organisation's. */
  const effectiveCell = (d: DepartmentTriggerRule, key: Key, text: string) => {
    const own = d.rule !== null && (key === 'openOnDemand' || d.rule[key] !== null);
    return (
      <Table.Td data-key={key} data-own={own || undefined} style={{ whiteSpace: 'nowrap' }}>
        <Text size="sm" component="span" fw={own ? 700 : undefined}>
          {text}
        </Text>
        {own ? (
          <Text size="xs" component="span" c="dimmed">
            {' '}
            {t('triggerRules.departments.fromDepartment')}
          </Text>
        ) : null}
      </Table.Td>
    );
  };

  return (
    <>
      <PageTitle>{t('triggerRules.title')}</PageTitle>
      <Text mb="sm" maw={860}>
        {t('triggerRules.intro')}
      </Text>
      {view ? (
        <Alert color="blue.8" variant="outline" icon={<IconInfoCircle aria-hidden="true" />} mb="md" maw={860} data-testid="rule-help">
          <Text size="sm">{t('triggerRules.defaults', { rule: ruleSummary(t, view.defaults) })}</Text>
          <Text size="sm" mt={4}>
            {t('triggerRules.precedence')}
          </Text>
        </Alert>
      ) : null}
      <SuccessNotice message={notice} onClose={() => setNotice(null)} />
      {rules.isPending ? <Loading /> : null}
      {rules.isError ? <ErrorAlert error={rules.error} onRetry={() => void rules.refetch()} /> : null}

      {view && orgValues ? (
        <Stack gap="lg">
          <Paper withBorder p="md" component="section" aria-labelledby="org-rule-title" data-testid="organisation-rule" maw={860}>
            <Group justify="space-between" align="flex-start" mb="xs" wrap="wrap">
              <Box>
                <Title order={2} size="h4" id="org-rule-title">
                  {t('triggerRules.organisation.title')}
                </Title>
                <Text size="sm" data-testid="organisation-summary">
                  {org ? ruleSummary(t, org) : t('triggerRules.organisation.none')}
                </Text>
                {org ? (
                  <Text size="xs" c="dimmed">
                    {t('triggerRules.updated', { date: formatDate(org.updatedAt), name: org.updatedBy ?? t('common.none') })}
                  </Text>
                ) : null}
              </Box>
              <Button
                size="xs"
                leftSection={<IconPencil size={16} aria-hidden="true" />}
                onClick={() => setEditing({ kind: 'organisation' })}
              >
                {org ? t('triggerRules.organisation.edit') : t('triggerRules.organisation.create')}
              </Button>
            </Group>
            <Table withRowBorders={false} verticalSpacing={2} horizontalSpacing={4} fz="sm" maw={640}>
              <Table.Tbody>
                {valueRows(orgValues).map(([label, value]) => (
                  <Table.Tr key={label}>
                    <Table.Th scope="row" fw={500} c="dimmed" w="50%">
                      {label}
                    </Table.Th>
                    <Table.Td>{value}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Paper>

          <section aria-labelledby="dept-rules-title">
            <Title order={2} size="h4" id="dept-rules-title" mb="xs">
              {t('triggerRules.departments.title')}
            </Title>
            <Box component="section" aria-label={t('triggerRules.departments.tableLabel')} tabIndex={0} style={{ overflowX: 'auto' }}>
              <Table striped highlightOnHover verticalSpacing="xs" aria-label={t('triggerRules.departments.tableLabel')} data-testid="department-rules">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th scope="col">{t('triggerRules.departments.department')}</Table.Th>
                    <Table.Th scope="col">{t('triggerRules.departments.own')}</Table.Th>
                    <Table.Th scope="col">{t('triggerRules.departments.months')}</Table.Th>
                    <Table.Th scope="col">{t('triggerRules.departments.amount')}</Table.Th>
                    <Table.Th scope="col">{t('triggerRules.departments.demand')}</Table.Th>
                    <Table.Th scope="col">{t('triggerRules.departments.close')}</Table.Th>
                    <Table.Th scope="col">{t('common.actions')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {view.departments.length === 0 ? (
                    <Table.Tr>
                      <Table.Td colSpan={7}>{t('common.noResults')}</Table.Td>
                    </Table.Tr>
                  ) : (
                    view.departments.map((d) => (
                      <Table.Tr key={d.departmentId} data-department={d.code}>
                        <Table.Th scope="row" fw={600}>
                          {d.code} – {d.name}
                        </Table.Th>
                        <Table.Td>
                          {d.rule ? (
                            <Badge color="blue.8" variant="outline" tt="none">
                              {t('triggerRules.departments.ownYes')}
                            </Badge>
                          ) : (
                            <Text size="sm" component="span" c="dimmed">
                              {t('triggerRules.departments.ownNo')}
                            </Text>
                          )}
                        </Table.Td>
                        {effectiveCell(d, 'openMinMonths', monthsText(t, d.effective.openMinMonths))}
                        {effectiveCell(d, 'openMinOre', amountText(t, d.effective.openMinOre))}
                        {effectiveCell(d, 'openOnDemand', demandText(t, d.effective.openOnDemand))}
                        {effectiveCell(d, 'closeAfterDaysAtZero', closeText(t, d.effective.closeAfterDaysAtZero))}
                        <Table.Td>
                          <Group gap={4} wrap="nowrap">
                            <Button
                              size="compact-xs"
                              variant="subtle"
                              leftSection={d.rule ? <IconPencil size={14} aria-hidden="true" /> : <IconPlus size={14} aria-hidden="true" />}
                              aria-label={
                                d.rule
                                  ? t('triggerRules.departments.editLabel', { code: d.code })
                                  : t('triggerRules.departments.addLabel', { code: d.code })
                              }
                              onClick={() => setEditing({ kind: 'department', departmentId: d.departmentId, code: d.code, name: d.name })}
                            >
                              {d.rule ? t('triggerRules.departments.edit') : t('triggerRules.departments.add')}
                            </Button>
                            {d.rule ? (
                              <Button
                                size="compact-xs"
                                variant="subtle"
                                color="red.9"
                                c="red.9"
                                leftSection={<IconTrash size={14} aria-hidden="true" />}
                                aria-label={t('triggerRules.departments.removeLabel', { code: d.code })}
                                onClick={() => setRemoving(d)}
                              >
                                {t('triggerRules.departments.remove')}
                              </Button>
                            ) : null}
                          </Group>
                        </Table.Td>
                      </Table.Tr>
                    ))
                  )}
                </Table.Tbody>
              </Table>
            </Box>
          </section>
        </Stack>
      ) : null}

      {editing && view ? (
        <TriggerRuleModal
          key={editing.kind === 'organisation' ? 'organisation' : editing.departmentId}
          view={view}
          target={editing}
          onClose={() => setEditing(null)}
          onSaved={() => {
            setEditing(null);
            setNotice(t('triggerRules.saved'));
          }}
        />
      ) : null}
      {removing ? (
        <RemoveRuleModal
          key={removing.departmentId}
          department={removing}
          onClose={() => setRemoving(null)}
          onRemoved={() => {
            setNotice(t('triggerRules.removed', { code: removing.code }));
            setRemoving(null);
          }}
        />
      ) : null}
    </>
  );
}
