import { Badge, Button, Group, Select, Stack, Table, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AgreementStatus } from '@forebyg/domain/case-lists';
import type { CaseDetail, Instalment } from '../../../../api/caseTypes';
import { todayIso } from '../../../../lib/dates';
import { formatDate, formatMoney } from '../../../../lib/format';
import { FormBox, PanelSection, writable } from '../panelParts';
import { useRowChange } from '../useRowChange';
import { AgreementForm } from './AgreementForm';
import { moneyCell } from './economyParts';

const INSTALMENT_COLOR: Record<Instalment['status'], string> = { pending: 'gray.7', paid: 'teal.9', missed: 'red.9' };

export function AgreementPanel({ detail }: { detail: CaseDetail }) {
  const { t } = useTranslation();
  const row = useRowChange(detail.id);
  const open = writable(detail);
  const agreement = detail.agreement;
  const [status, setStatus] = useState<AgreementStatus | null>(null);

  return (
    <Stack gap="sm">
      {row.alerts}
      {!agreement ? <Text size="sm">{t('case.agreement.none')}</Text> : null}
      {agreement ? (
        <PanelSection title={t('case.agreement.current')} id="agreement-title">
          <Group gap="sm" mb="xs">
            <Badge
              color={agreement.status === 'active' ? 'blue.8' : agreement.status === 'broken' ? 'red.9' : 'gray.7'}
              variant="filled"
              tt="none"
            >
              {t(`caseLabels.agreementStatus.${agreement.status}`)}
            </Badge>
            <Text size="sm">{t('case.agreement.agreedOn', { date: formatDate(agreement.agreedDate) })}</Text>
            <Text size="sm">
              {t('case.agreement.progress', { paid: formatMoney(agreement.paidOre), total: formatMoney(agreement.totalOre) })}
            </Text>
          </Group>
          {agreement.note ? (
            <Text size="sm" mb="xs" style={{ whiteSpace: 'pre-wrap' }}>
              {agreement.note}
            </Text>
          ) : null}
          <Table striped fz="sm" aria-label={t('case.agreement.instalments')} data-testid="instalments">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('case.agreement.seq')}</Table.Th>
                <Table.Th scope="col">{t('case.agreement.dueDate')}</Table.Th>
                <Table.Th scope="col" style={{ textAlign: 'right' }}>
                  {t('case.agreement.amount')}
                </Table.Th>
                <Table.Th scope="col">{t('case.agreement.status')}</Table.Th>
                <Table.Th scope="col">{t('case.agreement.paidDate')}</Table.Th>
                {open && agreement.status === 'active' ? <Table.Th scope="col">{t('common.actions')}</Table.Th> : null}
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {agreement.instalments.map((i) => (
                <Table.Tr key={i.id}>
                  <Table.Td>{i.seq}</Table.Td>
                  <Table.Td>{formatDate(i.dueDate)}</Table.Td>
                  <Table.Td style={moneyCell}>{formatMoney(i.amountOre)}</Table.Td>
                  <Table.Td>
                    <Group gap={4} wrap="nowrap">
                      <Badge color={INSTALMENT_COLOR[i.status]} variant={i.status === 'pending' ? 'outline' : 'filled'} tt="none">
                        {t(`caseLabels.instalmentStatus.${i.status}`)}
                      </Badge>
                      {i.overdue && i.status === 'pending' ? (
                        <Badge color="red.9" variant="filled" size="xs" tt="none">
                          {t('case.task.overdue')}
                        </Badge>
                      ) : null}
                    </Group>
                  </Table.Td>
                  <Table.Td>{formatDate(i.paidDate)}</Table.Td>
                  {open && agreement.status === 'active' ? (
                    <Table.Td>
                      <InstalmentActions instalment={i} row={row} />
                    </Table.Td>
                  ) : null}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
          {open && agreement.status === 'active' ? (
            <Group align="flex-end" mt="sm" gap="sm">
              <Select
                label={t('case.agreement.setStatus')}
                placeholder={t('case.agreement.setStatusPlaceholder')}
                data={(['completed', 'broken', 'cancelled'] as const).map((s) => ({
                  value: s,
                  label: t(`caseLabels.agreementStatus.${s}`),
                }))}
                value={status}
                onChange={(value) => setStatus(value as AgreementStatus | null)}
                w={240}
              />
              <Button
                variant="default"
                disabled={!status || row.pending}
                onClick={() =>
                  status &&
                  row.run({ method: 'PATCH', path: `/agreements/${agreement.id}`, body: { version: agreement.version, status } }, () =>
                    setStatus(null),
                  )
                }
              >
                {t('case.agreement.statusSubmit')}
              </Button>
            </Group>
          ) : null}
        </PanelSection>
      ) : null}
      {open && agreement?.status !== 'active' ? (
        <FormBox title={t('case.agreement.createTitle')} id="agreement-form-title">
          <AgreementForm detail={detail} />
        </FormBox>
      ) : null}
    </Stack>
  );
}

/** The statuses an instalment can be marked with, in the order of their buttons. */
const MARKS = [
  { status: 'paid', color: undefined, text: 'case.agreement.markPaid', label: 'case.agreement.markPaidLabel' },
  { status: 'missed', color: 'red.9', text: 'case.agreement.markMissed', label: 'case.agreement.markMissedLabel' },
  { status: 'pending', color: 'gray.8', text: 'case.agreement.markPending', label: 'case.agreement.markPendingLabel' },
] as const;

/** Buttons that mark an instalment of the active agreement paid (today), missed or pending again. */
function InstalmentActions({ instalment: i, row }: { instalment: Instalment; row: ReturnType<typeof useRowChange> }) {
  const { t } = useTranslation();
  return (
    <Group gap={4} wrap="nowrap">
      {MARKS.filter((m) => m.status !== i.status).map((m) => (
        <Button
          key={m.status}
          size="compact-xs"
          variant="subtle"
          color={m.color}
          c={m.color}
          disabled={row.pending}
          aria-label={t(m.label, { seq: i.seq })}
          onClick={() =>
            row.run({
              method: 'PATCH',
              path: `/instalments/${i.id}`,
              body: { version: i.version, status: m.status, ...(m.status === 'paid' ? { paidDate: todayIso() } : {}) },
            })
          }
        >
          {t(m.text)}
        </Button>
      ))}
    </Group>
  );
}
