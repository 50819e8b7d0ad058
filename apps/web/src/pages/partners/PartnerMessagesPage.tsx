import { Anchor, Badge, Box, Button, Group, Select, Table, Text } from '@mantine/core';
import { IconRefresh } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { PARTNER_MESSAGE_STATUSES } from '@forebyg/domain/referral-lists';
import { usePartnerMessages, useResendMessage } from '../../api/partners';
import type { PartnerMessage } from '../../api/referralTypes';
import { ErrorAlert, Loading, SuccessNotice } from '../../components/Feedback';
import { PageTitle } from '../../components/PageTitle';
import { formatDateTime } from '../../lib/format';
import { labelOptions, refLabel } from '../../lib/referralText';

const STATUS_COLOR: Record<string, string> = { pending: 'blue.9', delivered: 'teal.9', dead: 'red.9' };
const PAGE_SIZE = 50;

/**
 * Messages to partners and their delivery; by default the dead letter (messages given up after the last retry),
 * each with "Send igen" (the same webhook-id, so a partner that did get it can tell).
 */
export function PartnerMessagesPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const raw = params.get('status') ?? 'dead';
  const status = (PARTNER_MESSAGE_STATUSES as readonly string[]).includes(raw) ? raw : 'dead';
  const page = Math.max(1, Number.parseInt(params.get('page') ?? '1', 10) || 1);
  const messages = usePartnerMessages(status, page, PAGE_SIZE);
  const total = messages.data?.total ?? 0;
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  const setPage = (next: number) =>
    setParams(
      (prev) => {
        const p = new URLSearchParams(prev);
        if (next > 1) p.set('page', String(next));
        else p.delete('page');
        return p;
      },
      { replace: true },
    );
  const resend = useResendMessage();
  const [notice, setNotice] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const items = messages.data?.items ?? [];

  const onResend = (m: PartnerMessage) => {
    setError(null);
    resend.mutate(m.id, {
      onSuccess: () => setNotice(t('partnerMessages.resent', { partner: m.partnerName })),
      onError: setError,
    });
  };

  return (
    <>
      <Anchor component={Link} to="/partners" size="sm">
        {t('partners.detail.back')}
      </Anchor>
      <PageTitle>{t('partnerMessages.title')}</PageTitle>
      <Text mb="md" maw={860}>
        {t('partnerMessages.intro')}
      </Text>
      <SuccessNotice message={notice} onClose={() => setNotice(null)} />
      {error ? <ErrorAlert error={error} /> : null}
      <Group mb="md">
        <Select
          label={t('partnerMessages.status')}
          data={labelOptions(t, 'messageStatus', PARTNER_MESSAGE_STATUSES)}
          value={status}
          onChange={(value) =>
            setParams(
              (prev) => {
                const next = new URLSearchParams(prev);
                if (value && value !== 'dead') next.set('status', value);
                else next.delete('status');
                next.delete('page');
                return next;
              },
              { replace: true },
            )
          }
          allowDeselect={false}
          w={220}
        />
      </Group>
      {messages.isPending ? <Loading /> : null}
      {messages.isError ? <ErrorAlert error={messages.error} onRetry={() => void messages.refetch()} /> : null}
      {messages.data ? (
        <Box component="section" aria-label={t('partnerMessages.tableLabel')} tabIndex={0} style={{ overflowX: 'auto' }}>
          <Table
            striped
            verticalSpacing="xs"
            fz="sm"
            aria-label={t('partnerMessages.tableLabel')}
            aria-busy={messages.isPlaceholderData || undefined}
            data-testid="partner-messages"
          >
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('partnerMessages.createdAt')}</Table.Th>
                <Table.Th scope="col">{t('partnerMessages.type')}</Table.Th>
                <Table.Th scope="col">{t('referrals.partner')}</Table.Th>
                <Table.Th scope="col">{t('partnerMessages.case')}</Table.Th>
                <Table.Th scope="col">{t('partnerMessages.status')}</Table.Th>
                <Table.Th scope="col">{t('partnerMessages.attempts')}</Table.Th>
                <Table.Th scope="col">{t('partnerMessages.lastError')}</Table.Th>
                <Table.Th scope="col">{t('common.actions')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.length === 0 ? (
                <Table.Tr>
                  <Table.Td colSpan={8}>{status === 'dead' ? t('partnerMessages.noneDead') : t('common.noResults')}</Table.Td>
                </Table.Tr>
              ) : (
                items.map((m) => (
                  <Table.Tr key={m.id} data-message={m.id}>
                    <Table.Td style={{ whiteSpace: 'nowrap' }}>
                      {formatDateTime(m.createdAt)}
                      {m.deadAt ? (
                        <Text size="xs" c="dimmed">
                          {t('partnerMessages.deadAt', { date: formatDateTime(m.deadAt) })}
                        </Text>
                      ) : null}
                    </Table.Td>
                    <Table.Td>{refLabel(t, 'messageType', m.type)}</Table.Td>
                    <Table.Td>{m.partnerName}</Table.Td>
                    <Table.Td>
                      {m.caseId && m.caseNumber ? (
                        <Anchor component={Link} to={`/cases/${m.caseId}`}>
                          {m.caseNumber}
                        </Anchor>
                      ) : (
                        (m.caseNumber ?? t('common.none'))
                      )}
                    </Table.Td>
                    <Table.Td>
                      <Badge color={STATUS_COLOR[m.status] ?? 'gray.8'} variant="outline" tt="none">
                        {refLabel(t, 'messageStatus', m.status)}
                      </Badge>
                    </Table.Td>
                    <Table.Td>{m.attempts}</Table.Td>
                    <Table.Td>
                      {m.lastStatus ? `HTTP ${m.lastStatus}` : ''}
                      {m.lastStatus && m.lastError ? ': ' : ''}
                      {m.lastError ?? ''}
                    </Table.Td>
                    <Table.Td>
                      {m.status === 'dead' ? (
                        <Button
                          size="compact-xs"
                          variant="outline"
                          leftSection={<IconRefresh size={14} aria-hidden="true" />}
                          aria-label={t('partnerMessages.resendLabel', { partner: m.partnerName, case: m.caseNumber ?? '' })}
                          loading={resend.isPending && resend.variables === m.id}
                          onClick={() => onResend(m)}
                        >
                          {t('partnerMessages.resend')}
                        </Button>
                      ) : null}
                    </Table.Td>
                  </Table.Tr>
                ))
              )}
            </Table.Tbody>
          </Table>
        </Box>
      ) : null}
      {messages.data && total > 0 ? (
        <Group justify="space-between" mt="sm">
          <Text aria-live="polite">
            {t('common.pageOf', { page, pages })} · {t('common.total', { count: total })}
          </Text>
          <Group gap="xs">
            <Button variant="default" size="xs" disabled={page <= 1} onClick={() => setPage(page - 1)}>
              {t('common.previousPage')}
            </Button>
            <Button variant="default" size="xs" disabled={page >= pages} onClick={() => setPage(page + 1)}>
              {t('common.nextPage')}
            </Button>
          </Group>
        </Group>
      ) : null}
    </>
  );
}
