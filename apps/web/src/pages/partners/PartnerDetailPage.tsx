import { Anchor, Box, Button, Group, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { IconKey, IconPencil } from '@tabler/icons-react';
import { useMemo, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { isApiError } from '../../api/client';
import { useMunicipalities, usePartner, useRotatePartnerSecret } from '../../api/partners';
import type { PartnerDetail, PartnerRevision, PartnerWithSecret } from '../../api/referralTypes';
import { AppModal } from '../../components/AppModal';
import { ErrorAlert, Loading, SuccessNotice } from '../../components/Feedback';
import { PageTitle } from '../../components/PageTitle';
import { formatDateTime } from '../../lib/format';
import { usePermissions } from '../../lib/permissions';
import { languageName, refLabel } from '../../lib/referralText';
import { capacityText, changedByText, coverageText, municipalityLookup } from './partnerText';
import { PartnerModal } from './PartnerModal';
import { ActiveBadge } from './PartnersPage';
import { PartnerSecretModal } from './PartnerSecretModal';

export function PartnerDetailPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const query = usePartner(id);
  if (query.isPending) {
    return (
      <>
        <PageTitle>{t('partners.detail.loading')}</PageTitle>
        <Loading />
      </>
    );
  }
  if (query.isError) {
    const notFound = isApiError(query.error) && (query.error.status === 404 || query.error.status === 422);
    return (
      <>
        <PageTitle>{notFound ? t('partners.detail.notFound') : t('partners.detail.loading')}</PageTitle>
        {notFound ? null : <ErrorAlert error={query.error} onRetry={() => void query.refetch()} />}
        <Anchor component={Link} to="/partners">
          {t('partners.detail.back')}
        </Anchor>
      </>
    );
  }
  return <PartnerView partner={query.data} />;
}

function PartnerView({ partner }: { partner: PartnerDetail }) {
  const { t, i18n } = useTranslation();
  const { can } = usePermissions();
  const isAdmin = can('partners:admin');
  const municipalities = useMunicipalities();
  const rotate = useRotatePartnerSecret();
  const [editing, setEditing] = useState(false);
  const [confirmRotate, setConfirmRotate] = useState(false);
  const [secret, setSecret] = useState<PartnerWithSecret | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const munis = useMemo(() => municipalityLookup(municipalities.data), [municipalities.data]);
  const lang = i18n.resolvedLanguage ?? 'da';
  const none = t('common.none');

  const rows: [string, ReactNode][] = [
    [t('partners.fields.kind'), refLabel(t, 'partnerKind', partner.kind)],
    [t('partners.coverage.label'), coverageText(t, partner, munis)],
    [t('partners.fields.description'), partner.description || none],
    [
      t('partners.fields.services'),
      partner.services.length ? partner.services.map((s) => refLabel(t, 'purpose', s)).join(', ') : t('partners.detail.allServices'),
    ],
    [t('partners.fields.languages'), partner.languages.length ? partner.languages.map((l) => languageName(l, lang)).join(', ') : none],
    [t('partners.capacity.label'), capacityText(t, partner)],
    [t('partners.fields.accredited'), partner.accredited ? t('partners.yes') : t('partners.no')],
    [t('partners.fields.requiresConsent'), partner.requiresConsent ? t('partners.yes') : t('partners.no')],
    [t('partners.fields.contactKind'), refLabel(t, 'contactKind', partner.contactKind) || none],
    [t('partners.fields.contactName'), partner.contactName || none],
    [t('partners.fields.phone'), partner.phone || none],
    [t('partners.fields.email'), partner.email || none],
    [t('partners.fields.openingHours'), partner.openingHours || none],
    [t('partners.fields.channel'), refLabel(t, 'channel', partner.channel)],
    ...(partner.channel === 'webhook' ? [[t('partners.fields.webhookUrl'), partner.webhookUrl || none] as [string, ReactNode]] : []),
    [t('partners.fields.answerDays'), t('partners.detail.answerDays', { count: partner.answerDays })],
  ];

  return (
    <>
      <Anchor component={Link} to="/partners" size="sm">
        {t('partners.detail.back')}
      </Anchor>
      <Group justify="space-between" align="flex-start" mt="xs" wrap="wrap">
        <Box>
          <PageTitle>{partner.name}</PageTitle>
          <Group gap="xs" mt={-8} mb="md">
            <ActiveBadge active={partner.active} />
            <Text size="sm" c="dimmed">
              {t('partners.detail.version', { version: partner.version })}
              {partner.updatedAt
                ? ` · ${t('partners.detail.updated', { date: formatDateTime(partner.updatedAt), name: changedByText(t, partner.updatedBy) })}`
                : ''}
            </Text>
          </Group>
        </Box>
        {isAdmin ? (
          <Group gap="xs">
            <Button leftSection={<IconPencil size={16} aria-hidden="true" />} onClick={() => setEditing(true)}>
              {t('partners.edit')}
            </Button>
            <Button
              variant="outline"
              color="red.9"
              leftSection={<IconKey size={16} aria-hidden="true" />}
              onClick={() => setConfirmRotate(true)}
            >
              {t('partners.rotate.action')}
            </Button>
          </Group>
        ) : null}
      </Group>
      <SuccessNotice message={notice} onClose={() => setNotice(null)} />
      {partner.previousSecretValidUntil ? (
        <Text size="sm" mb="md" data-testid="previous-secret">
          {t('partners.detail.previousSecret', { date: formatDateTime(partner.previousSecretValidUntil) })}
        </Text>
      ) : null}

      <Stack gap="lg">
        <Paper withBorder p="md" component="section" aria-labelledby="partner-facts-title" maw={900}>
          <Title order={2} size="h4" id="partner-facts-title" mb="xs">
            {t('partners.detail.facts')}
          </Title>
          <Table withRowBorders={false} verticalSpacing={4} fz="sm">
            <Table.Tbody>
              {rows.map(([label, value]) => (
                <Table.Tr key={label}>
                  <Table.Th scope="row" fw={500} c="dimmed" w="35%">
                    {label}
                  </Table.Th>
                  <Table.Td style={{ whiteSpace: 'pre-wrap' }}>{value}</Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Paper>
        <Revisions revisions={partner.revisions} />
      </Stack>

      {editing ? (
        <PartnerModal
          partner={partner}
          onClose={() => setEditing(false)}
          onCreated={() => setEditing(false)}
          onSaved={(name) => {
            setEditing(false);
            setNotice(t('partners.saved', { name }));
          }}
        />
      ) : null}
      {confirmRotate ? (
        <AppModal opened onClose={() => setConfirmRotate(false)} title={t('partners.rotate.title')}>
          <Stack>
            <Text size="sm">{t('partners.rotate.text', { name: partner.name })}</Text>
            {rotate.isError ? <ErrorAlert error={rotate.error} /> : null}
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setConfirmRotate(false)}>
                {t('common.cancel')}
              </Button>
              <Button
                color="red.9"
                loading={rotate.isPending}
                onClick={() =>
                  rotate.mutate(
                    { id: partner.id, version: partner.version },
                    {
                      onSuccess: (result) => {
                        setConfirmRotate(false);
                        setSecret(result);
                      },
                    },
                  )
                }
              >
                {t('partners.rotate.submit')}
              </Button>
            </Group>
          </Stack>
        </AppModal>
      ) : null}
      {secret ? <PartnerSecretModal created={secret} rotated onClose={() => setSecret(null)} /> : null}
    </>
  );
}

/** The fields that differ between a revision and the one before it. */
function changedFields(rev: PartnerRevision, previous: PartnerRevision | undefined): string[] {
  if (!rev.data || !previous?.data) return [];
  const keys = new Set([...Object.keys(rev.data), ...Object.keys(previous.data)]);
  const skip = ['version', 'updatedAt', 'updatedBy', 'createdAt', 'municipalityName', 'previousSecretValidUntil', 'id'];
  return [...keys].filter((k) => !skip.includes(k) && JSON.stringify(rev.data?.[k]) !== JSON.stringify(previous.data?.[k]));
}

function Revisions({ revisions }: { revisions: PartnerRevision[] }) {
  const { t } = useTranslation();
  return (
    <Paper withBorder p="md" component="section" aria-labelledby="partner-revisions-title" maw={900}>
      <Title order={2} size="h4" id="partner-revisions-title" mb="xs">
        {t('partners.revisions.title')}
      </Title>
      {revisions.length === 0 ? (
        <Text size="sm">{t('partners.revisions.none')}</Text>
      ) : (
        <Table striped fz="sm" aria-labelledby="partner-revisions-title" data-testid="partner-revisions">
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('partners.revisions.version')}</Table.Th>
              <Table.Th scope="col">{t('partners.revisions.changedAt')}</Table.Th>
              <Table.Th scope="col">{t('partners.revisions.changedBy')}</Table.Th>
              <Table.Th scope="col">{t('partners.revisions.fields')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {revisions.map((rev, i) => {
              const fields = changedFields(rev, revisions[i + 1]);
              return (
                <Table.Tr key={rev.version}>
                  <Table.Td>{rev.version}</Table.Td>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDateTime(rev.changedAt)}</Table.Td>
                  <Table.Td>{changedByText(t, rev.changedBy)}</Table.Td>
                  <Table.Td>
                    {rev.version === 1
                      ? t('partners.revisions.created')
                      : fields.length
                        ? fields.map((f) => t(`partners.fields.${f as 'name'}`, { defaultValue: f })).join(', ')
                        : t('partners.revisions.noVisibleChange')}
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
        </Table>
      )}
    </Paper>
  );
}
