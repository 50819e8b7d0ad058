import { Badge, Button, Group, Text } from '@mantine/core';
import { createColumnHelper } from '@tanstack/react-table';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { Department } from '../../api/types';
import type { PagedFeatures } from '../../components/usePagedTable';

const helper = createColumnHelper<PagedFeatures, Department>();

/** "101 – Bispebjerg": how a department is named in texts and labels. */
export function departmentLabel(department: Department): string {
  return `${department.code} – ${department.name}`;
}

export function useDepartmentColumns(onChooseLead: (department: Department) => void) {
  const { t } = useTranslation();
  return useMemo(
    () =>
      helper.columns([
        helper.accessor('code', { header: t('departments.columns.code') }),
        helper.accessor('name', {
          header: t('departments.columns.name'),
          cell: (info) => (
            <Text size="sm" fw={600} component="span">
              {info.getValue()}
            </Text>
          ),
        }),
        helper.accessor('municipalityName', { header: t('departments.columns.municipality') }),
        helper.accessor('lead', {
          header: t('departments.columns.lead'),
          cell: (info) => {
            const lead = info.getValue();
            if (!lead) return t('departments.noLead');
            return (
              <Group gap="xs" wrap="nowrap">
                <span>{lead.name}</span>
                {!lead.eligible && (
                  <Badge color="red.9" variant="outline" title={t('departments.leadNotEligibleHint')}>
                    {t('departments.leadNotEligible')}
                  </Badge>
                )}
              </Group>
            );
          },
        }),
        helper.display({
          id: 'actions',
          header: () => t('common.actions'),
          cell: (info) => {
            const department = info.row.original;
            // The accessible name starts with the visible text and names the department.
            return (
              <Button
                size="xs"
                variant="outline"
                aria-label={t(department.lead ? 'departments.changeLeadFor' : 'departments.chooseLeadFor', {
                  department: departmentLabel(department),
                })}
                onClick={() => onChooseLead(department)}
              >
                {department.lead ? t('departments.changeLead') : t('departments.chooseLead')}
              </Button>
            );
          },
        }),
      ]),
    [t, onChooseLead],
  );
}
