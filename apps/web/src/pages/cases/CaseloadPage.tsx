import {
  Button,
  Checkbox,
  Group,
  Input,
  MultiSelect,
  NumberInput,
  Paper,
  SegmentedControl,
  Select,
  SimpleGrid,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { useDebouncedCallback } from '@mantine/hooks';
import { IconDownload, IconPlus, IconSearch, IconUserShare } from '@tabler/icons-react';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { RISK_LEVELS } from '@forebyg/domain/risk-levels';
import { STAGES } from '@forebyg/domain/stages';
import { caseloadParams, exportCsvUrl, useCases } from '../../api/cases';
import type { CaseloadFilters, CaseSummary } from '../../api/caseTypes';
import { departmentOptions, useDepartments } from '../../api/departments';
import { useCurrentUser } from '../../auth/CurrentUser';
import { DataTable } from '../../components/DataTable';
import { ErrorAlert, Loading, SuccessNotice } from '../../components/Feedback';
import { PageTitle } from '../../components/PageTitle';
import { usePagedTable, useUrlPagination } from '../../components/usePagedTable';
import { BulkAssignModal } from './BulkAssignModal';
import { SORT_FIELD_OF_COLUMN, useCaseColumns } from './caseColumns';
import { ASSIGNEE_CHOICES, STATUS_CHOICES, useCaseloadUrl } from './caseloadUrl';
import { CprSearch } from './CprSearch';

const EMPTY: CaseSummary[] = [];

export function CaseloadPage() {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const { searchParams, filters, sort, sortKeys, setFilters, resetFilters, toggleSort } = useCaseloadUrl();
  const { page, pageSize, pagination, setPagination } = useUrlPagination();
  const cases = useCases({ filters, sort: sort, page, pageSize });
  const departments = useDepartments();
  const [selected, setSelected] = useState<Set<string>>(() => new Set());
  const [assignOpen, setAssignOpen] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);

  // The selection belongs to one view: a new filter, sort or page starts afresh.
  const viewKey = searchParams.toString();
  useEffect(() => setSelected(new Set()), [viewKey]);

  const items = cases.data?.items ?? EMPTY;
  const pageIds = useMemo(() => items.map((c) => c.id), [items]);
  const onToggle = useCallback(
    (id: string) =>
      setSelected((prev) => {
        const next = new Set(prev);
        if (next.has(id)) next.delete(id);
        else next.add(id);
        return next;
      }),
    [],
  );
  const onToggleAll = useCallback((select: boolean) => setSelected(select ? new Set(pageIds) : new Set()), [pageIds]);
  const columns = useCaseColumns({ sortKeys, onSort: toggleSort, selected, pageIds, onToggle, onToggleAll });
  const table = usePagedTable({
    columns,
    data: items,
    total: cases.data?.total ?? 0,
    pagination,
    onPaginationChange: setPagination,
    getRowId: (c) => c.id,
  });

  const sortState = useMemo(() => {
    const primary = sortKeys[0];
    const out: Partial<Record<string, 'ascending' | 'descending'>> = {};
    for (const [column, field] of Object.entries(SORT_FIELD_OF_COLUMN)) {
      if (primary?.field === field) out[column] = primary.desc ? 'descending' : 'ascending';
    }
    return out;
  }, [sortKeys]);

  const defaultAssignee = me.role === 'admin' ? 'any' : 'me';
  const exportHref = exportCsvUrl(caseloadParams(filters, sort));

  return (
    <>
      <PageTitle>{t('caseload.title')}</PageTitle>
      <SuccessNotice message={notice} onClose={() => setNotice(null)} />
      <Group justify="space-between" mb="md" gap="sm">
        <Group gap="sm">
          <Button component={Link} to="/cases/new" leftSection={<IconPlus size={16} aria-hidden="true" />}>
            {t('caseload.newCase')}
          </Button>
          <Button
            variant="default"
            leftSection={<IconUserShare size={16} aria-hidden="true" />}
            disabled={selected.size === 0}
            onClick={() => setAssignOpen(true)}
          >
            {selected.size > 0 ? t('caseload.assignSelected', { count: selected.size }) : t('caseload.assign')}
          </Button>
        </Group>
        <Button component="a" href={exportHref} download variant="default" leftSection={<IconDownload size={16} aria-hidden="true" />}>
          {t('caseload.export')}
        </Button>
      </Group>

      <CaseloadFilterPanel
        filters={filters}
        defaultAssignee={defaultAssignee}
        departments={departmentOptions(departments.data)}
        onChange={setFilters}
        onReset={resetFilters}
      />

      {cases.isPending ? <Loading /> : null}
      {cases.isError ? <ErrorAlert error={cases.error} onRetry={() => void cases.refetch()} /> : null}
      {cases.data ? (
        <DataTable table={table} label={t('caseload.tableLabel')} fetching={cases.isPlaceholderData} sortState={sortState} />
      ) : null}

      <CprSearch />

      <BulkAssignModal
        opened={assignOpen}
        caseIds={[...selected]}
        onClose={() => setAssignOpen(false)}
        onDone={(count) => {
          setAssignOpen(false);
          setSelected(new Set());
          setNotice(t('caseload.bulk.done', { count }));
        }}
      />
    </>
  );
}

interface FilterPanelProps {
  filters: CaseloadFilters;
  defaultAssignee: string;
  departments: { value: string; label: string }[];
  onChange: (patch: Partial<CaseloadFilters>) => void;
  onReset: () => void;
}

function CaseloadFilterPanel({ filters, defaultAssignee, departments, onChange, onReset }: FilterPanelProps) {
  const { t } = useTranslation();
  // Typed text reaches the URL after a pause; the drafts follow the URL when it changes (back, reset).
  const [q, setQ] = useState(filters.q);
  const [noContact, setNoContact] = useState<string | number>(filters.noContactDays);
  useEffect(() => setQ(filters.q), [filters.q]);
  useEffect(() => setNoContact(filters.noContactDays), [filters.noContactDays]);
  const applyQ = useDebouncedCallback((value: string) => onChange({ q: value }), 400);
  const applyNoContact = useDebouncedCallback((value: string) => onChange({ noContactDays: value }), 400);

  const assigneeValue =
    filters.assignee && (ASSIGNEE_CHOICES as readonly string[]).includes(filters.assignee) ? filters.assignee : defaultAssignee;
  const statusValue = filters.status && (STATUS_CHOICES as readonly string[]).includes(filters.status) ? filters.status : 'open';

  return (
    <Paper withBorder p="md" mb="md" component="section" aria-labelledby="caseload-filters-title">
      <Title order={2} size="h5" mb="sm" id="caseload-filters-title">
        {t('caseload.filtersTitle')}
      </Title>
      <form
        role="search"
        aria-labelledby="caseload-filters-title"
        onSubmit={(e) => {
          e.preventDefault();
          applyQ.flush();
          applyNoContact.flush();
        }}
      >
        <Group gap="lg" align="flex-end" mb="sm" wrap="wrap">
          <Input.Wrapper label={t('caseload.assignee.label')} id="filter-assignee" labelElement="div">
            <SegmentedControl
              aria-labelledby="filter-assignee-label"
              data={ASSIGNEE_CHOICES.map((value) => ({ value, label: t(`caseload.assignee.${value}`) }))}
              value={assigneeValue}
              onChange={(value) => onChange({ assignee: value === defaultAssignee ? '' : value })}
            />
          </Input.Wrapper>
          <Input.Wrapper label={t('caseload.status.label')} id="filter-status" labelElement="div">
            <SegmentedControl
              aria-labelledby="filter-status-label"
              data={STATUS_CHOICES.map((value) => ({ value, label: t(`caseload.status.${value}`) }))}
              value={statusValue}
              onChange={(value) => onChange({ status: value === 'open' ? '' : value })}
            />
          </Input.Wrapper>
          <Checkbox
            label={t('caseload.overdueTasks')}
            checked={filters.overdueTasks}
            onChange={(e) => onChange({ overdueTasks: e.currentTarget.checked })}
            mb={8}
          />
          <NumberInput
            label={t('caseload.noContactDays')}
            min={1}
            max={3650}
            allowDecimal={false}
            allowNegative={false}
            w={170}
            value={noContact}
            onChange={(value) => {
              setNoContact(value);
              applyNoContact(value === '' ? '' : String(value));
            }}
          />
        </Group>
        <SimpleGrid cols={{ base: 1, sm: 2, lg: 4 }}>
          <MultiSelect
            label={t('caseload.stage')}
            placeholder={filters.stage.length ? undefined : t('caseload.allStages')}
            data={STAGES.map((s) => ({ value: s, label: t(`caseLabels.stage.${s}`) }))}
            value={filters.stage}
            onChange={(value) => onChange({ stage: value as CaseloadFilters['stage'] })}
            clearable
            clearButtonProps={{ 'aria-label': t('caseload.clearStage') }}
          />
          <MultiSelect
            label={t('caseload.riskLevel')}
            placeholder={filters.riskLevel.length ? undefined : t('caseload.allRiskLevels')}
            data={[...RISK_LEVELS].reverse().map((r) => ({ value: r, label: t(`caseLabels.riskLevel.${r}`) }))}
            value={filters.riskLevel}
            onChange={(value) => onChange({ riskLevel: value as CaseloadFilters['riskLevel'] })}
            clearable
            clearButtonProps={{ 'aria-label': t('caseload.clearRisk') }}
          />
          <Select
            label={t('caseload.department')}
            placeholder={t('caseload.allDepartments')}
            data={departments}
            value={filters.departmentId || null}
            onChange={(value) => onChange({ departmentId: value ?? '' })}
            searchable
            openOnFocus={false}
            clearable
            clearButtonProps={{ 'aria-label': t('caseload.clearDepartment') }}
          />
          <TextInput
            label={t('caseload.search')}
            description={t('caseload.searchHelp')}
            type="search"
            leftSection={<IconSearch size={16} aria-hidden="true" />}
            value={q}
            onChange={(e) => {
              setQ(e.currentTarget.value);
              applyQ(e.currentTarget.value);
            }}
          />
        </SimpleGrid>
        <Group mt="sm" justify="space-between">
          <Text size="xs" c="dimmed">
            {t('caseload.filtersHelp')}
          </Text>
          <Button type="button" variant="default" size="xs" onClick={onReset}>
            {t('caseload.resetFilters')}
          </Button>
        </Group>
      </form>
    </Paper>
  );
}
