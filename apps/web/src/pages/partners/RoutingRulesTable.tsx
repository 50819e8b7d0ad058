import { Badge, Group, Text } from '@mantine/core';
import { IconArrowDown, IconArrowUp, IconPencil, IconTrash } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { RoutingRule } from '@forebyg/domain/routing';
import { TableView } from '../../components/DataTable';
import { RowButton } from '../../components/RowButton';
import { listColumn, useListTable } from '../../components/useListTable';
import { refLabel } from '../../lib/referralText';
import { errorsOfRule, type RuleErrors } from './routingRuleErrors';

const RULES_TABLE = { highlightOnHover: false, fz: 'sm' } as const;

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
  /** A column showing `content` of a rule, with the API's error for the first of `fields` that has one under it. */
  const column = (id: string, header: string, content: (rule: RoutingRule) => ReactNode, ...fields: (keyof RoutingRule)[]) =>
    listColumn<RoutingRule>(id, header, (rule, index) => {
      const e = errorsOfRule(errors, index);
      const message = fields.map((f) => e[f]).find(Boolean);
      return (
        <>
          {content(rule)}
          {message ? (
            <Text size="xs" c="red.9" role="alert" data-error-field={fields[0]}>
              {message}
            </Text>
          ) : null}
        </>
      );
    });
  const conditions = (rule: RoutingRule) => {
    const set = [
      rule.minRiskLevel ? t('routing.rules.minRisk', { level: t(`caseLabels.riskLevel.${rule.minRiskLevel}`).toLowerCase() }) : '',
      rule.maxDaysLeft !== null ? t('routing.rules.maxDays', { count: rule.maxDaysLeft }) : '',
      rule.onlyWithChildren ? t('routing.rules.withChildren') : '',
    ].filter(Boolean);
    return set.length ? set.join(', ') : t('common.none');
  };
  const table = useListTable({
    data: rules,
    getRowId: (rule, index) => `${rule.id}-${index}`,
    columns: [
      column(
        'label',
        t('routing.rule.label'),
        (rule) => (
          <>
            <Text size="sm" fw={600} component="span">
              {rule.label}
            </Text>{' '}
            {rule.enabled ? null : (
              <Badge color="gray.7" variant="outline" tt="none" size="sm">
                {t('routing.rules.disabled')}
              </Badge>
            )}
          </>
        ),
        'label',
        'id',
        'enabled',
      ),
      column('partnerKind', t('routing.rule.partnerKind'), (rule) => refLabel(t, 'partnerKind', rule.partnerKind), 'partnerKind'),
      column('purpose', t('routing.rule.purpose'), (rule) => refLabel(t, 'purpose', rule.purpose), 'purpose'),
      column(
        'stages',
        t('routing.rule.stages'),
        (rule) => (rule.stages.length ? rule.stages.map((s) => t(`caseLabels.stage.${s}`)).join(', ') : t('routing.rules.allStages')),
        'stages',
      ),
      column('conditions', t('routing.rules.conditions'), conditions, 'minRiskLevel', 'maxDaysLeft', 'onlyWithChildren'),
      column('weight', t('routing.rule.weight'), (rule) => rule.weight, 'weight'),
    ],
    actions: editable
      ? (rule, index) => (
          <Group gap={2} wrap="nowrap">
            <RowButton
              leftSection={<IconPencil size={14} aria-hidden="true" />}
              aria-label={t('routing.rules.editLabel', { label: rule.label })}
              onClick={() => onEdit(index)}
            >
              {t('routing.rules.edit')}
            </RowButton>
            <RowButton
              aria-label={t('routing.rules.upLabel', { label: rule.label })}
              disabled={index === 0}
              onClick={() => onMove(index, -1)}
            >
              <IconArrowUp size={14} aria-hidden="true" />
            </RowButton>
            <RowButton
              aria-label={t('routing.rules.downLabel', { label: rule.label })}
              disabled={index === rules.length - 1}
              onClick={() => onMove(index, 1)}
            >
              <IconArrowDown size={14} aria-hidden="true" />
            </RowButton>
            <RowButton
              danger
              leftSection={<IconTrash size={14} aria-hidden="true" />}
              aria-label={t('routing.rules.removeLabel', { label: rule.label })}
              onClick={() => onRemove(index)}
            >
              {t('routing.rules.remove')}
            </RowButton>
          </Group>
        )
      : undefined,
  });
  return (
    <TableView
      table={table}
      label={t('routing.rules.tableLabel')}
      testId="routing-rules"
      empty={t('routing.rules.none')}
      tableProps={RULES_TABLE}
      rowAttributes={(rule, index) => ({
        'data-rule': rule.id,
        'data-invalid': Object.keys(errorsOfRule(errors, index)).length > 0 || undefined,
      })}
    />
  );
}
