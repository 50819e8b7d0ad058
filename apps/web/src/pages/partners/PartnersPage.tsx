import { Anchor, Badge, Button, Group, Select, Text } from '@mantine/core';
import { IconAdjustmentsHorizontal, IconMailExclamation, IconPlus } from '@tabler/icons-react';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { PARTNER_KINDS } from '@forebyg/domain/referral-lists';
import { useMunicipalities, usePartners } from '../../api/partners';
import type { Partner, PartnerWithSecret } from '../../api/referralTypes';
import { TableView } from '../../components/DataTable';
import { ErrorAlert, Loading, SuccessNotice } from '../../components/Feedback';
import { PageTitle } from '../../components/PageTitle';
import { RowButton } from '../../components/RowButton';
import { listColumn, useListTable } from '../../components/useListTable';
import { usePermissions } from '../../lib/permissions';
import { labelOptions, refLabel } from '../../lib/referralText';
import { capacityText, coverageText, municipalityLookup } from './partnerText';
import { PartnerModal } from './PartnerModal';
import { PartnerSecretModal } from './PartnerSecretModal';

const ACTIVE_FILTERS = ['all', 'active', 'inactive'] as const;
const NO_PARTNERS: Partner[] = [];
const column = listColumn<Partner>;

/** The partner registry: everyone who refers can read it; admins create and edit partners. */
export function PartnersPage() {
  const { t } = useTranslation();
  const { can } = usePermissions();
  const isAdmin = can('partners:admin');
  const [params, setParams] = useSearchParams();
  const rawKind = params.get('kind') ?? '';
  const kind = (PARTNER_KINDS as readonly string[]).includes(rawKind) ? rawKind : 'all';
  const activeFilter = (ACTIVE_FILTERS as readonly string[]).includes(params.get('active') ?? '') ? params.get('active')! : 'all';
  const partners = usePartners({
    kind: kind === 'all' ? undefined : kind,
    active: activeFilter === 'all' ? undefined : activeFilter === 'active',
  });
  const municipalities = useMunicipalities();
  const [editing, setEditing] = useState<Partner | 'new' | null>(null);
  const [secret, setSecret] = useState<{ created: PartnerWithSecret; rotated: boolean } | null>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const munis = useMemo(() => municipalityLookup(municipalities.data), [municipalities.data]);

  const setFilter = (key: string, value: string | null) =>
    setParams(
      (prev) => {
        const next = new URLSearchParams(prev);
        if (value && value !== 'all') next.set(key, value);
        else next.delete(key);
        return next;
      },
      { replace: true },
    );

  const table = useListTable({
    data: partners.data?.items ?? NO_PARTNERS,
    columns: [
      column('name', t('partners.fields.name'), (p) => (
        <Anchor component={Link} to={`/partners/${p.id}`} fw={600}>
          {p.name}
        </Anchor>
      )),
      column('kind', t('partners.fields.kind'), (p) => refLabel(t, 'partnerKind', p.kind)),
      column('coverage', t('partners.coverage.label'), (p) => coverageText(t, p, munis)),
      column('channel', t('partners.fields.channel'), (p) => refLabel(t, 'channel', p.channel)),
      column('capacity', t('partners.capacity.label'), (p) => capacityText(t, p)),
      column('active', t('partners.fields.active'), (p) => <ActiveBadge active={p.active} />),
    ],
    actions: isAdmin
      ? (p) => (
          <RowButton aria-label={t('partners.editLabel', { name: p.name })} onClick={() => setEditing(p)}>
            {t('partners.edit')}
          </RowButton>
        )
      : undefined,
  });

  return (
    <>
      <PageTitle>{t('partners.title')}</PageTitle>
      <Text mb="md" maw={860}>
        {t('partners.intro')}
      </Text>
      <SuccessNotice message={notice} onClose={() => setNotice(null)} />
      <Group justify="space-between" mb="md" align="flex-end" wrap="wrap">
        <Group gap="sm" align="flex-end">
          <Select
            label={t('partners.filter.kind')}
            data={[{ value: 'all', label: t('partners.filter.allKinds') }, ...labelOptions(t, 'partnerKind', PARTNER_KINDS)]}
            value={kind}
            onChange={(value) => setFilter('kind', value)}
            allowDeselect={false}
            w={220}
          />
          <Select
            label={t('partners.filter.active')}
            data={ACTIVE_FILTERS.map((value) => ({ value, label: t(`partners.filter.option.${value}`) }))}
            value={activeFilter}
            onChange={(value) => setFilter('active', value)}
            allowDeselect={false}
            w={160}
          />
        </Group>
        <Group gap="xs">
          <Button
            component={Link}
            to="/partners/rules"
            variant="default"
            leftSection={<IconAdjustmentsHorizontal size={16} aria-hidden="true" />}
          >
            {t('partners.nav.rules')}
          </Button>
          {isAdmin ? (
            <>
              <Button
                component={Link}
                to="/partners/messages"
                variant="default"
                leftSection={<IconMailExclamation size={16} aria-hidden="true" />}
              >
                {t('partners.nav.messages')}
              </Button>
              <Button leftSection={<IconPlus size={16} aria-hidden="true" />} onClick={() => setEditing('new')}>
                {t('partners.create')}
              </Button>
            </>
          ) : null}
        </Group>
      </Group>

      {partners.isPending ? <Loading /> : null}
      {partners.isError ? <ErrorAlert error={partners.error} onRetry={() => void partners.refetch()} /> : null}
      {partners.data ? (
        <TableView table={table} label={t('partners.tableLabel')} testId="partners" rowAttributes={(p) => ({ 'data-partner': p.name })} />
      ) : null}

      {editing ? (
        <PartnerModal
          key={editing === 'new' ? 'new' : editing.id}
          partner={editing === 'new' ? null : editing}
          onClose={() => setEditing(null)}
          onCreated={(created) => {
            setEditing(null);
            setSecret({ created, rotated: false });
          }}
          onSaved={(name) => {
            setEditing(null);
            setNotice(t('partners.saved', { name }));
          }}
        />
      ) : null}
      {secret ? <PartnerSecretModal created={secret.created} rotated={secret.rotated} onClose={() => setSecret(null)} /> : null}
    </>
  );
}

export function ActiveBadge({ active }: { active: boolean }) {
  const { t } = useTranslation();
  return active ? (
    <Badge color="teal.9" variant="outline" tt="none">
      {t('partners.activeYes')}
    </Badge>
  ) : (
    <Badge color="gray.7" variant="outline" tt="none">
      {t('partners.activeNo')}
    </Badge>
  );
}
