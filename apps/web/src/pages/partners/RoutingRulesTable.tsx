import { Badge, Box, Button, Group, Table, Text } from '@mantine/core';
import { IconArrowDown, IconArrowUp, IconPencil, IconTrash } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { RoutingRule } from '../../api/referralTypes';
import { refLabel } from '../../lib/referralText';
import { errorsOfRule, type RuleErrors } from './routingRuleErrors';

/** The rules of the draft, in order (an earlier rule wins a tie); each cell shows the API's error for its field. */
export function RoutingRulesTable({
  rules,
  errors,
  editable,
  onEdit,
  onRemove,
  onMove,
}: {
  rules: RoutingRule[];
  errors: RuleErrors;
  editable: boolean;
  onEdit: (index: number) => void;
  onRemove: (index: number) => void;
  onMove: (index: number, delta: -1 | 1) => void;
}) {
  const { t } = useTranslation();
  const none = t('common.none');
  return (
    <Box component="section" aria-label={t('routing.rules.tableLabel')} tabIndex={0} style={{ overflowX: 'auto' }}>
      <Table striped verticalSpacing="xs" fz="sm" aria-label={t('routing.rules.tableLabel')} data-testid="routing-rules">
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t('routing.rule.label')}</Table.Th>
            <Table.Th scope="col">{t('routing.rule.partnerKind')}</Table.Th>
            <Table.Th scope="col">{t('routing.rule.purpose')}</Table.Th>
            <Table.Th scope="col">{t('routing.rule.stages')}</Table.Th>
            <Table.Th scope="col">{t('routing.rules.conditions')}</Table.Th>
            <Table.Th scope="col">{t('routing.rule.weight')}</Table.Th>
            {editable ? <Table.Th scope="col">{t('common.actions')}</Table.Th> : null}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rules.length === 0 ? (
            <Table.Tr>
              <Table.Td colSpan={editable ? 7 : 6}>{t('routing.rules.none')}</Table.Td>
            </Table.Tr>
          ) : (
            rules.map((rule, index) => {
              const e = errorsOfRule(errors, index);
              const cell = (content: ReactNode, ...fields: (keyof RoutingRule)[]) => {
                const message = fields.map((f) => e[f]).find(Boolean);
                return (
                  <Table.Td>
                    {content}
                    {message ? (
                      <Text size="xs" c="red.9" role="alert" data-error-field={fields[0]}>
                        {message}
                      </Text>
                    ) : null}
                  </Table.Td>
                );
              };
              const conditions = [
                rule.minRiskLevel
                  ? t('routing.rules.minRisk', { level: t(`caseLabels.riskLevel.${rule.minRiskLevel}`).toLowerCase() })
                  : '',
                rule.maxDaysLeft !== null ? t('routing.rules.maxDays', { count: rule.maxDaysLeft }) : '',
                rule.onlyWithChildren ? t('routing.rules.withChildren') : '',
              ].filter(Boolean);
              return (
                <Table.Tr key={`${rule.id}-${index}`} data-rule={rule.id} data-invalid={Object.keys(e).length > 0 || undefined}>
                  {cell(
                    <>
                      <Text size="sm" fw={600} component="span">
                        {rule.label}
                      </Text>{' '}
                      {rule.enabled ? null : (
                        <Badge color="gray.7" variant="outline" tt="none" size="sm">
                          {t('routing.rules.disabled')}
                        </Badge>
                      )}
                    </>,
                    'label',
                    'id',
                    'enabled',
                  )}
                  {cell(refLabel(t, 'partnerKind', rule.partnerKind), 'partnerKind')}
                  {cell(refLabel(t, 'purpose', rule.purpose), 'purpose')}
                  {cell(
                    rule.stages.length ? rule.stages.map((s) => t(`caseLabels.stage.${s}`)).join(', ') : t('routing.rules.allStages'),
                    'stages',
                  )}
                  {cell(conditions.length ? conditions.join(', ') : none, 'minRiskLevel', 'maxDaysLeft', 'onlyWithChildren')}
                  {cell(rule.weight, 'weight')}
                  {editable ? (
                    <Table.Td>
                      <Group gap={2} wrap="nowrap">
                        <Button
                          size="compact-xs"
                          variant="subtle"
                          leftSection={<IconPencil size={14} aria-hidden="true" />}
                          aria-label={t('routing.rules.editLabel', { label: rule.label })}
                          onClick={() => onEdit(index)}
                        >
                          {t('routing.rules.edit')}
                        </Button>
                        <Button
                          size="compact-xs"
                          variant="subtle"
                          aria-label={t('routing.rules.upLabel', { label: rule.label })}
                          disabled={index === 0}
                          onClick={() => onMove(index, -1)}
                        >
                          <IconArrowUp size={14} aria-hidden="true" />
                        </Button>
                        <Button
                          size="compact-xs"
                          variant="subtle"
                          aria-label={t('routing.rules.downLabel', { label: rule.label })}
                          disabled={index === rules.length - 1}
                          onClick={() => onMove(index, 1)}
                        >
                          <IconArrowDown size={14} aria-hidden="true" />
                        </Button>
                        <Button
                          size="compact-xs"
                          variant="subtle"
                          color="red.9"
                          c="red.9"
                          leftSection={<IconTrash size={14} aria-hidden="true" />}
                          aria-label={t('routing.rules.removeLabel', { label: rule.label })}
                          onClick={() => onRemove(index)}
                        >
                          {t('routing.rules.remove')}
                        </Button>
                      </Group>
                    </Table.Td>
                  ) : null}
                </Table.Tr>
              );
            })
          )}
        </Table.Tbody>
      </Table>
    </Box>
  );
}
