import { Alert, Anchor, Box, Button, Grid, Group, Paper, Stack, Tabs, Text } from '@mantine/core';
import { useHotkeys } from '@mantine/hooks';
import { IconArrowBackUp, IconArrowRight, IconChecklist, IconLock, IconNote, IconPhoneCall, IconUserShare } from '@tabler/icons-react';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams, useSearchParams } from 'react-router';
import { useCase } from '../../../api/cases';
import type { CaseDetail } from '../../../api/caseTypes';
import { isApiError } from '../../../api/client';
import { ErrorAlert, Loading, SuccessNotice } from '../../../components/Feedback';
import { PageTitle } from '../../../components/PageTitle';
import { formatDate } from '../../../lib/format';
import { AssignModal, CloseModal, ContactModal, NoteModal, ReopenModal, TaskModal, type CaseDialog } from './CaseModals';
import { CaseFacts, DeadlineClock, StageStepper, StatusBadge } from './CaseOverview';
import { ContactsPanel, NotesPanel, TasksPanel } from './CasePanels';
import { FactsModal } from './FactsModal';
import { Household } from './Household';
import { RiskModal } from './RiskModal';
import { RiskPanel } from './RiskPanel';
import { StageModal } from './StageModal';
import { CaseTimeline } from './CaseTimeline';
import { AgreementPanel } from './economy/AgreementPanel';
import { ApplicationsPanel } from './economy/ApplicationsPanel';
import { BudgetPanel } from './economy/BudgetPanel';
import { DebtsPanel } from './economy/DebtsPanel';
import { ArrearsChartPanel } from './ArrearsChart';
import { ConsentPanel } from './referrals/ConsentPanel';
import { ReferralsPanel } from './referrals/ReferralsPanel';
import { usePermissions } from '../../../lib/permissions';

const SHORTCUTS: Partial<Record<CaseDialog, string>> = { contact: 'Alt+K', note: 'Alt+N', task: 'Alt+O', stage: 'Alt+F' };

const TABS = ['contacts', 'notes', 'tasks', 'budget', 'debts', 'agreement', 'applications', 'referrals', 'consents'] as const;
type Tab = (typeof TABS)[number];

export function CasePage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const query = useCase(id);

  if (query.isPending) {
    return (
      <>
        <PageTitle>{t('case.loadingTitle')}</PageTitle>
        <Loading />
      </>
    );
  }
  if (query.isError) {
    const notFound = isApiError(query.error) && (query.error.status === 404 || query.error.status === 422);
    return (
      <>
        <PageTitle>{notFound ? t('case.notFound') : t('case.loadingTitle')}</PageTitle>
        {notFound ? <Text mb="md">{t('case.notFoundText')}</Text> : <ErrorAlert error={query.error} onRetry={() => void query.refetch()} />}
        <Anchor component={Link} to="/cases">
          {t('case.backToList')}
        </Anchor>
      </>
    );
  }
  return <CaseView detail={query.data} />;
}

function CaseView({ detail }: { detail: CaseDetail }) {
  const { t } = useTranslation();
  const [dialog, setDialog] = useState<CaseDialog | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [searchParams, setSearchParams] = useSearchParams();
  const { can } = usePermissions();
  const tabs = TABS.filter(
    (tab) =>
      (tab !== 'notes' || detail.can.readNotes) &&
      (tab !== 'referrals' || can('referrals:read')) &&
      (tab !== 'consents' || can('consents:read')),
  );
  const tabLabel = (key: Tab) =>
    key === 'referrals' ? t('referrals.tab') : key === 'consents' ? t('consents.tab') : t(`case.tabs.${key}`);
  const rawTab = searchParams.get('tab') as Tab | null;
  const tab: Tab = rawTab && tabs.includes(rawTab) ? rawTab : 'contacts';
  const isOpen = detail.status === 'open';
  const canWrite = detail.can.write && isOpen;

  const close = () => setDialog(null);
  const saved = (message: string) => {
    setDialog(null);
    setNotice(message);
  };
  const modalProps = { detail, onClose: close, onSaved: saved };

  const tenants = detail.household.filter((m) => m.role === 'tenant' || m.role === 'co_tenant').map((m) => m.name);
  const names = tenants.length ? tenants.join(', ') : (detail.tenantName ?? '');
  const title = names
    ? t('case.title', { caseNumber: detail.caseNumber, name: names })
    : t('case.titleNoName', { caseNumber: detail.caseNumber });

  const action = (key: CaseDialog, label: string, icon: ReactNode, variant: 'filled' | 'default' = 'default') => (
    <Button size="xs" variant={variant} leftSection={icon} onClick={() => setDialog(key)} aria-keyshortcuts={SHORTCUTS[key]}>
      {label}
    </Button>
  );

  // Alt+K, Alt+N, Alt+O, Alt+F open the frequent actions (not while typing, not over an open dialog).
  const open = (key: CaseDialog, allowed: boolean) => () => {
    if (allowed && dialog === null) setDialog(key);
  };
  useHotkeys([
    ['alt+K', open('contact', canWrite), { usePhysicalKeys: true }],
    ['alt+N', open('note', detail.can.writeNotes), { usePhysicalKeys: true }],
    ['alt+O', open('task', canWrite), { usePhysicalKeys: true }],
    ['alt+F', open('stage', canWrite), { usePhysicalKeys: true }],
  ]);

  return (
    <>
      <Anchor component={Link} to="/cases" size="sm">
        {t('case.backToList')}
      </Anchor>
      <Paper withBorder p="md" mt="xs" mb="md" component="header">
        <Box>
          <PageTitle>{title}</PageTitle>
          <Group gap="xs" mt={-8} mb="xs">
            <StatusBadge detail={detail} />
            <Text size="sm">
              {t('case.tenancyLine', {
                number: detail.tenancyNumber,
                address: [detail.address, detail.unit].filter(Boolean).join(', '),
              })}
            </Text>
          </Group>
          <Text size="sm">
            {t('case.departmentLine', { code: detail.departmentCode, name: detail.departmentName })} ·{' '}
            {t('case.counsellorLine', { name: detail.assignedCounsellor?.name ?? t('case.unassigned') })} ·{' '}
            {t('case.caseworkerLine', { name: detail.responsibleCaseworker?.name ?? t('case.unassigned') })}
          </Text>
          <Text size="xs" c="dimmed">
            {t('case.openedLine', { date: formatDate(detail.openedAt), stage: t(`caseLabels.stage.${detail.openedStage}`) })}
            {detail.origin === 'arrears_import' ? ` · ${t('case.fromImport')}` : ''}
          </Text>
        </Box>
        <Group gap="xs" role="toolbar" aria-label={t('case.actions.label')} mt="sm">
          {canWrite ? action('contact', t('case.actions.logContact'), <IconPhoneCall size={16} aria-hidden="true" />, 'filled') : null}
          {detail.can.writeNotes ? action('note', t('case.actions.addNote'), <IconNote size={16} aria-hidden="true" />) : null}
          {canWrite ? action('task', t('case.actions.addTask'), <IconChecklist size={16} aria-hidden="true" />) : null}
          {canWrite ? action('stage', t('case.actions.changeStage'), <IconArrowRight size={16} aria-hidden="true" />) : null}
          {canWrite && detail.can.assign
            ? action('assign', t('case.actions.assign'), <IconUserShare size={16} aria-hidden="true" />)
            : null}
          {canWrite ? action('close', t('case.actions.close'), <IconLock size={16} aria-hidden="true" />) : null}
          {!isOpen && detail.can.write
            ? action('reopen', t('case.actions.reopen'), <IconArrowBackUp size={16} aria-hidden="true" />, 'filled')
            : null}
        </Group>
        {canWrite ? (
          <Text size="xs" c="dimmed" mt={6}>
            {t('case.actions.shortcuts')}
          </Text>
        ) : null}
      </Paper>

      <SuccessNotice message={notice} onClose={() => setNotice(null)} />
      {!isOpen ? (
        <Alert color="gray.8" variant="outline" mb="md" icon={<IconLock aria-hidden="true" />} data-testid="closed-info">
          <Text size="sm">
            {t('case.closedInfo', {
              date: formatDate(detail.closedAt),
              stage: detail.closedStage ? t(`caseLabels.stage.${detail.closedStage}`) : '',
              outcome: detail.outcome ? t(`caseLabels.outcome.${detail.outcome}`) : '',
            })}
            {detail.outcomeNote ? ` ${detail.outcomeNote}` : ''}
          </Text>
        </Alert>
      ) : null}

      <StageStepper detail={detail} />

      <Grid mb="md" gap="md">
        <Grid.Col span={{ base: 12, md: 6, lg: 4 }}>
          <Stack gap="md">
            <DeadlineClock detail={detail} />
            <RiskPanel detail={detail} onEdit={canWrite ? () => setDialog('risk') : undefined} />
          </Stack>
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 6, lg: 4 }}>
          <CaseFacts detail={detail} onEdit={canWrite ? () => setDialog('facts') : undefined} />
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 12, lg: 4 }}>
          <Household detail={detail} />
        </Grid.Col>
        <Grid.Col span={12}>
          <ArrearsChartPanel caseId={detail.id} />
        </Grid.Col>
      </Grid>

      <Grid gap="md">
        <Grid.Col span={{ base: 12, lg: 5 }} order={{ base: 2, lg: 1 }}>
          <CaseTimeline caseId={detail.id} showNotes={detail.can.readNotes} />
        </Grid.Col>
        <Grid.Col span={{ base: 12, lg: 7 }} order={{ base: 1, lg: 2 }}>
          <Paper withBorder p="md" component="section" aria-label={t('case.tabs.label')}>
            <Tabs
              value={tab}
              onChange={(value) =>
                setSearchParams(
                  (prev) => {
                    const params = new URLSearchParams(prev);
                    if (value && value !== 'contacts') params.set('tab', value);
                    else params.delete('tab');
                    return params;
                  },
                  { replace: true },
                )
              }
            >
              <Tabs.List aria-label={t('case.tabs.label')}>
                {tabs.map((key) => (
                  <Tabs.Tab key={key} value={key}>
                    {tabLabel(key)}
                    {key === 'tasks' && detail.tasks.some((x) => !x.doneAt) ? ` (${detail.tasks.filter((x) => !x.doneAt).length})` : ''}
                  </Tabs.Tab>
                ))}
              </Tabs.List>
              <Tabs.Panel value="contacts" pt="sm">
                <ContactsPanel detail={detail} />
              </Tabs.Panel>
              {detail.can.readNotes ? (
                <Tabs.Panel value="notes" pt="sm">
                  <NotesPanel detail={detail} />
                </Tabs.Panel>
              ) : null}
              <Tabs.Panel value="tasks" pt="sm">
                <TasksPanel detail={detail} />
              </Tabs.Panel>
              <Tabs.Panel value="budget" pt="sm">
                <BudgetPanel detail={detail} />
              </Tabs.Panel>
              <Tabs.Panel value="debts" pt="sm">
                <DebtsPanel detail={detail} />
              </Tabs.Panel>
              <Tabs.Panel value="agreement" pt="sm">
                <AgreementPanel detail={detail} />
              </Tabs.Panel>
              <Tabs.Panel value="applications" pt="sm">
                <ApplicationsPanel detail={detail} />
              </Tabs.Panel>
              {tabs.includes('referrals') ? (
                <Tabs.Panel value="referrals" pt="sm">
                  {tab === 'referrals' ? <ReferralsPanel detail={detail} /> : null}
                </Tabs.Panel>
              ) : null}
              {tabs.includes('consents') ? (
                <Tabs.Panel value="consents" pt="sm">
                  {tab === 'consents' ? <ConsentPanel detail={detail} /> : null}
                </Tabs.Panel>
              ) : null}
            </Tabs>
          </Paper>
        </Grid.Col>
      </Grid>

      {dialog === 'contact' ? <ContactModal {...modalProps} /> : null}
      {dialog === 'note' ? <NoteModal {...modalProps} /> : null}
      {dialog === 'task' ? <TaskModal {...modalProps} /> : null}
      {dialog === 'stage' ? <StageModal {...modalProps} /> : null}
      {dialog === 'close' ? <CloseModal {...modalProps} /> : null}
      {dialog === 'reopen' ? <ReopenModal {...modalProps} /> : null}
      {dialog === 'assign' ? <AssignModal {...modalProps} /> : null}
      {dialog === 'risk' ? <RiskModal {...modalProps} /> : null}
      {dialog === 'facts' ? <FactsModal {...modalProps} /> : null}
    </>
  );
}
