import { Box, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { useMyEscalations } from '../../api/escalations';
import { ErrorAlert, Loading } from '../../components/Feedback';
import { PageTitle } from '../../components/PageTitle';
import { currentIsoWeek, isIsoWeek } from '../../lib/weeks';
import { ActiveCriteria, EscalationStatus } from './EscalationStatus';
import { ReasonGroups } from './ReasonGroups';
import { WeekPicker } from './WeekPicker';

const LEAD_HEADING_ID = 'escalation-lead-heading';

/**
 * "Ugens eskaleringer": the caller's cases that need action this week, grouped by reason (a case with several
 * reasons is under each, with the others as badges), when the week's run happened and the list was sent, and the
 * criteria in force. A department lead also sees the cases in the lead's departments flagged two weeks running,
 * grouped the same way. The week is in the URL (?week=2026-W53); without it, this week.
 */
export function EscalationsPage() {
  const { t } = useTranslation();
  const [searchParams, setSearchParams] = useSearchParams();
  const rawWeek = searchParams.get('week');
  const urlWeek = rawWeek && isIsoWeek(rawWeek) ? rawWeek : undefined;
  const current = currentIsoWeek();
  const list = useMyEscalations(urlWeek);
  const data = list.data;
  const week = data?.week ?? urlWeek ?? current;

  const setWeek = (next: string) => {
    setSearchParams((prev) => {
      const params = new URLSearchParams(prev);
      if (next === current) params.delete('week');
      else params.set('week', next);
      return params;
    });
  };

  return (
    <>
      <PageTitle>{t('escalations.title')}</PageTitle>
      <Text mb="md" maw={860}>
        {t('escalations.intro')}
      </Text>
      <WeekPicker week={week} current={current} onChange={setWeek} />
      {list.isPending ? <Loading /> : null}
      {list.isError ? <ErrorAlert error={list.error} onRetry={() => void list.refetch()} /> : null}
      {data ? (
        <>
          <Box data-testid="escalation-list">
            <EscalationStatus data={data} current={current} />
            <ActiveCriteria settings={data.settings} />
            <Text mb="md" data-testid="escalation-count">
              {t('escalations.caseCount', { count: data.items.length })}
            </Text>
            {data.items.length === 0 ? (
              <Text>{t('escalations.none')}</Text>
            ) : (
              <ReasonGroups items={data.items} settings={data.settings} level={2} idPrefix="escalation-reason" />
            )}
          </Box>
          {data.leadItems.length ? (
            <Box component="section" aria-labelledby={LEAD_HEADING_ID} mt="xl" maw={860} data-testid="escalation-lead-list">
              <Title order={2} size="h3" id={LEAD_HEADING_ID} mb="xs">
                {t('escalations.lead.title')}
              </Title>
              <Text mb="xs">{t('escalations.lead.intro')}</Text>
              <Text mb="md" data-testid="escalation-lead-count">
                {t('escalations.caseCount', { count: data.leadItems.length })}
              </Text>
              <ReasonGroups
                items={data.leadItems}
                settings={data.settings}
                level={3}
                idPrefix="escalation-lead-reason"
                sectionHeadingId={LEAD_HEADING_ID}
              />
            </Box>
          ) : null}
        </>
      ) : null}
    </>
  );
}
