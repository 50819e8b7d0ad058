import { Badge, Box, Button, Group, Stack, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { canTransition, partnerAnswersFrom } from '@forebyg/domain/referral-transitions';
import type { Referral } from '../../../../api/referralTypes';
import { formatDate, formatDateTime } from '../../../../lib/format';
import { deliveryText, refLabel, STATUS_COLOR } from '../../../../lib/referralText';

export type RowAction = 'send' | 'dismiss' | 'withdraw' | 'answer';

export function ReferralStatusBadge({ status }: { status: string }) {
  const { t } = useTranslation();
  return (
    <Badge color={STATUS_COLOR[status] ?? 'gray.8'} variant="outline" tt="none" miw="max-content" data-status={status}>
      {refLabel(t, 'referralStatus', status)}
    </Badge>
  );
}

/** The referrals of the case, newest first as the API sends them, with their answers and delivery. */
export function ReferralsTable({
  items,
  canWrite,
  pendingKey,
  onAction,
}: {
  items: Referral[];
  canWrite: boolean;
  pendingKey: string | null;
  onAction: (referral: Referral, action: RowAction) => void;
}) {
  const { t } = useTranslation();
  if (items.length === 0) return <Text size="sm">{t('referrals.list.none')}</Text>;
  return (
    <Box role="region" aria-labelledby="referral-list-title" tabIndex={0} style={{ overflowX: 'auto' }}>
      <Table striped fz="sm" aria-labelledby="referral-list-title" data-testid="referrals">
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t('referrals.partner')}</Table.Th>
            <Table.Th scope="col">{t('referrals.list.status')}</Table.Th>
            <Table.Th scope="col">{t('referrals.list.answer')}</Table.Th>
            {canWrite ? <Table.Th scope="col">{t('common.actions')}</Table.Th> : null}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {items.map((r) => (
            <Table.Tr key={r.id} data-referral={r.id} data-partner={r.partnerName}>
              <Table.Td miw={150}>
                <Text size="sm" fw={600}>
                  {r.partnerName}
                </Text>
                <Text size="xs" c="dimmed">
                  {refLabel(t, 'purpose', r.purpose)} · {refLabel(t, 'origin', r.origin).toLowerCase()}
                </Text>
              </Table.Td>
              <Table.Td miw={150}>
                <Group gap={4}>
                  <ReferralStatusBadge status={r.status} />
                  {r.overdue ? (
                    <Badge color="red.9" variant="outline" tt="none" miw="max-content">
                      {t('referrals.list.overdue')}
                    </Badge>
                  ) : null}
                </Group>
                {r.sentAt ? (
                  <Text size="xs" c="dimmed">
                    {t('referrals.list.sentOn', { date: formatDateTime(r.sentAt) })}
                  </Text>
                ) : null}
                {r.answerBy ? (
                  <Text size="xs" c={r.overdue ? 'red.9' : 'dimmed'}>
                    {t('referrals.list.answerByOn', { date: formatDate(r.answerBy) })}
                  </Text>
                ) : null}
              </Table.Td>
              <Table.Td>
                {r.answeredAt ? (
                  <Text size="xs" c="dimmed">
                    {t('referrals.list.answeredOn', { date: formatDateTime(r.answeredAt) })}
                  </Text>
                ) : null}
                {r.lastNote ? (
                  <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
                    {r.lastNote}
                  </Text>
                ) : null}
                {r.delivery ? (
                  <Text size="xs" c={r.delivery.status === 'dead' ? 'red.9' : 'dimmed'}>
                    {deliveryText(t, r.delivery)}
                  </Text>
                ) : null}
              </Table.Td>
              {canWrite ? (
                <Table.Td>
                  <RowActions referral={r} pending={pendingKey === r.id} onAction={onAction} />
                </Table.Td>
              ) : null}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Box>
  );
}

function RowActions({
  referral,
  pending,
  onAction,
}: {
  referral: Referral;
  pending: boolean;
  onAction: (referral: Referral, action: RowAction) => void;
}) {
  const { t } = useTranslation();
  const partner = referral.partnerName;
  const button = (action: RowAction, label: string, aria: string, color?: string) => (
    <Button
      key={action}
      size="compact-xs"
      variant={action === 'send' ? 'filled' : 'subtle'}
      color={color}
      c={action === 'send' ? undefined : color}
      aria-label={aria}
      loading={pending && action === 'send'}
      disabled={pending && action !== 'send'}
      onClick={() => onAction(referral, action)}
    >
      {label}
    </Button>
  );
  const buttons = [];
  if (referral.status === 'proposed') {
    buttons.push(button('send', t('referrals.send'), t('referrals.list.sendLabel', { partner })));
    buttons.push(button('dismiss', t('referrals.list.dismiss'), t('referrals.list.dismissLabel', { partner }), 'red.9'));
  }
  if (partnerAnswersFrom(referral.status).length > 0) {
    buttons.push(button('answer', t('referrals.list.recordAnswer'), t('referrals.list.recordAnswerLabel', { partner })));
  }
  if (canTransition(referral.status, 'withdrawn')) {
    buttons.push(button('withdraw', t('referrals.list.withdraw'), t('referrals.list.withdrawLabel', { partner }), 'red.9'));
  }
  return buttons.length ? (
    <Stack gap={4} align="flex-start">
      {buttons}
    </Stack>
  ) : null;
}
