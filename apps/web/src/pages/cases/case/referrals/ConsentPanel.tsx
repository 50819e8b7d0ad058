import { Badge, Box, Button, Group, Stack, Table, Text, Textarea } from '@mantine/core';
import { IconPlus } from '@tabler/icons-react';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { CaseDetail } from '../../../../api/caseTypes';
import { useCaseConsents, useWithdrawConsent } from '../../../../api/referrals';
import type { Consent } from '../../../../api/referralTypes';
import { AppModal } from '../../../../components/AppModal';
import { ErrorAlert, Loading, SuccessNotice } from '../../../../components/Feedback';
import { FormSummary } from '../../../../components/FormSummary';
import { useServerFormErrors } from '../../../../components/useServerFormErrors';
import { formatDate, formatDateTime } from '../../../../lib/format';
import { usePermissions } from '../../../../lib/permissions';
import { refLabel } from '../../../../lib/referralText';
import { PanelSection } from '../panelParts';
import { ConsentModal } from './ConsentModal';

const STATUS_COLOR: Record<string, string> = { valid: 'teal.9', expired: 'gray.7', withdrawn: 'red.9' };

/** The consent ledger of the household: what each person agreed to share with whom, and its state. */
export function ConsentPanel({ detail }: { detail: CaseDetail }) {
  const { t } = useTranslation();
  const { can } = usePermissions();
  const query = useCaseConsents(detail.id);
  const [recording, setRecording] = useState(false);
  const [withdrawing, setWithdrawing] = useState<Consent | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const canWrite = can('consents:write') && detail.status === 'open';

  const recipient = (c: Consent) =>
    c.recipientPartnerName ??
    (c.recipientKind ? t('consents.anyOfKind', { kind: refLabel(t, 'partnerKind', c.recipientKind).toLowerCase() }) : '');

  return (
    <Stack gap="sm" data-testid="consent-panel">
      <SuccessNotice message={notice} onClose={() => setNotice(null)} />
      {canWrite ? (
        <Group justify="flex-end">
          <Button size="xs" leftSection={<IconPlus size={16} aria-hidden="true" />} onClick={() => setRecording(true)}>
            {t('consents.record')}
          </Button>
        </Group>
      ) : null}
      {query.isPending ? <Loading /> : null}
      {query.isError ? <ErrorAlert error={query.error} onRetry={() => void query.refetch()} /> : null}
      {query.data ? (
        <PanelSection title={t('consents.title')} id="consent-list-title">
          {query.data.items.length === 0 ? (
            <Text size="sm">{t('consents.none')}</Text>
          ) : (
            <Box role="region" aria-labelledby="consent-list-title" tabIndex={0} style={{ overflowX: 'auto' }}>
              <Table striped fz="sm" aria-labelledby="consent-list-title" data-testid="consents">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th scope="col">{t('consents.personAndRecipient')}</Table.Th>
                    <Table.Th scope="col">{t('consents.purpose')}</Table.Th>
                    <Table.Th scope="col">{t('consents.given')}</Table.Th>
                    <Table.Th scope="col">{t('consents.status')}</Table.Th>
                    {canWrite ? <Table.Th scope="col">{t('common.actions')}</Table.Th> : null}
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {query.data.items.map((c) => (
                    <Table.Tr key={c.id} data-consent={c.id}>
                      <Table.Td miw={140}>
                        <Text size="sm" fw={600}>
                          {c.personName}
                        </Text>
                        <Text size="xs">{t('consents.to', { recipient: recipient(c) })}</Text>
                      </Table.Td>
                      <Table.Td>
                        {refLabel(t, 'purpose', c.purpose)}
                        <Text size="xs" c="dimmed">
                          {c.dataItems.map((i) => refLabel(t, 'dataItem', i)).join(', ')}
                        </Text>
                      </Table.Td>
                      <Table.Td>
                        <Text size="sm" style={{ whiteSpace: 'nowrap' }}>
                          {formatDateTime(c.givenAt)}
                        </Text>
                        <Text size="xs" c="dimmed">
                          {refLabel(t, 'givenVia', c.givenVia)} ·{' '}
                          {c.expiresOn ? t('consents.validThrough', { date: formatDate(c.expiresOn) }) : t('consents.untilWithdrawn')}
                        </Text>
                      </Table.Td>
                      <Table.Td>
                        <Badge color={STATUS_COLOR[c.status] ?? 'gray.8'} variant="outline" tt="none" miw="max-content">
                          {refLabel(t, 'consentStatus', c.status)}
                        </Badge>
                        {c.withdrawnAt ? (
                          <Text size="xs" c="dimmed">
                            {formatDate(c.withdrawnAt)}
                            {c.withdrawnReason ? `: ${c.withdrawnReason}` : ''}
                          </Text>
                        ) : null}
                      </Table.Td>
                      {canWrite ? (
                        <Table.Td>
                          {c.status === 'valid' ? (
                            <Button
                              size="compact-xs"
                              variant="subtle"
                              color="red.9"
                              c="red.9"
                              aria-label={t('consents.withdrawLabel', { person: c.personName, recipient: recipient(c) })}
                              onClick={() => setWithdrawing(c)}
                            >
                              {t('consents.withdraw')}
                            </Button>
                          ) : null}
                        </Table.Td>
                      ) : null}
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </Box>
          )}
        </PanelSection>
      ) : null}
      {recording ? (
        <ConsentModal
          caseId={detail.id}
          onClose={() => setRecording(false)}
          onSaved={() => {
            setRecording(false);
            setNotice(t('consents.recorded'));
          }}
        />
      ) : null}
      {withdrawing ? (
        <WithdrawConsentModal
          caseId={detail.id}
          consent={withdrawing}
          onClose={() => setWithdrawing(null)}
          onDone={() => {
            setWithdrawing(null);
            setNotice(t('consents.withdrawn'));
          }}
        />
      ) : null}
    </Stack>
  );
}

const WITHDRAW_FIELDS = ['reason'] as const;

function WithdrawConsentModal({
  caseId,
  consent,
  onClose,
  onDone,
}: {
  caseId: string;
  consent: Consent;
  onClose: () => void;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const withdraw = useWithdrawConsent(caseId);
  const errors = useServerFormErrors(WITHDRAW_FIELDS);
  const [reason, setReason] = useState('');
  const [local, setLocal] = useState<string | undefined>();

  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    errors.reset();
    if (!reason.trim()) {
      setLocal(t('errors.reason.required'));
      return;
    }
    withdraw.mutate({ consentId: consent.id, reason: reason.trim() }, { onSuccess: onDone, onError: errors.setFromError });
  };

  return (
    <AppModal opened onClose={onClose} title={t('consents.withdrawTitle')} closeOnClickOutside={false}>
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <FormSummary message={errors.summary} />
          <Text size="sm">{t('consents.withdrawText', { person: consent.personName })}</Text>
          <Textarea
            label={t('consents.withdrawReason')}
            required
            autosize
            minRows={2}
            maxLength={1000}
            value={reason}
            onChange={(e) => {
              setReason(e.currentTarget.value);
              setLocal(undefined);
              errors.clearField('reason');
            }}
            error={local ?? errors.fields.reason}
            data-autofocus
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" color="red.9" loading={withdraw.isPending}>
              {t('consents.withdrawSubmit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </AppModal>
  );
}
