import { Button, Checkbox, Group, Radio, Select, SimpleGrid, Stack, Textarea, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import {
  CONSENT_CHANNELS,
  PARTNER_KINDS,
  REFERRAL_PURPOSES,
  SHARED_DATA_ITEMS,
  type ConsentChannel,
  type PartnerKind,
  type ReferralPurpose,
  type SharedDataItem,
} from '@forebyg/domain/referral-lists';
import { usePartners } from '../../../../api/partners';
import { useCaseConsents, useRecordConsent } from '../../../../api/referrals';
import type { RecordConsentInput } from '../../../../api/referralTypes';
import { AppModal } from '../../../../components/AppModal';
import { ErrorAlert, Loading } from '../../../../components/Feedback';
import { FormSummary } from '../../../../components/FormSummary';
import { useServerFormErrors } from '../../../../components/useServerFormErrors';
import { copenhagenInputToIso, copenhagenLocalInput } from '../../../../lib/copenhagenTime';
import { isIsoDate } from '../../../../lib/dates';
import { labelOptions, refLabel } from '../../../../lib/referralText';

/** A consent recorded to make a particular referral possible starts from that partner and purpose. */
export interface ConsentPreset {
  partnerId?: string;
  purpose?: ReferralPurpose;
}

const FIELDS = [
  'personId',
  'recipientPartnerId',
  'recipientKind',
  'purpose',
  'dataItems',
  'givenVia',
  'givenAt',
  'expiresOn',
  'note',
] as const;
type Field = (typeof FIELDS)[number];

/** What a referral usually carries (the webhook's tenant block): the counsellor narrows or widens it. */
const DEFAULT_ITEMS: SharedDataItem[] = ['name', 'phone', 'email', 'preferred_language'];

/** "Registrér samtykke": who gave it, to whom (a partner or every partner of a kind), for what, which data, how and when. */
export function ConsentModal({
  caseId,
  preset,
  onClose,
  onSaved,
}: {
  caseId: string;
  preset?: ConsentPreset;
  onClose: () => void;
  onSaved: () => void;
}) {
  const { t } = useTranslation();
  const consents = useCaseConsents(caseId);
  const partners = usePartners({ active: true });
  const record = useRecordConsent(caseId);
  const errors = useServerFormErrors(FIELDS);
  const persons = consents.data?.persons ?? [];
  const defaultPerson = persons.find((p) => p.role === 'tenant')?.personId ?? persons[0]?.personId ?? null;

  const [personId, setPersonId] = useState<string | null>(null);
  const [recipient, setRecipient] = useState<'partner' | 'kind'>('partner');
  const [partnerId, setPartnerId] = useState<string | null>(preset?.partnerId ?? null);
  const [kind, setKind] = useState<PartnerKind | null>(null);
  const [purpose, setPurpose] = useState<ReferralPurpose | null>(preset?.purpose ?? null);
  const [items, setItems] = useState<SharedDataItem[]>(DEFAULT_ITEMS);
  const [givenVia, setGivenVia] = useState<ConsentChannel | ''>('');
  const [givenAt, setGivenAt] = useState(() => copenhagenLocalInput());
  const [expiresOn, setExpiresOn] = useState('');
  const [note, setNote] = useState('');
  const [local, setLocal] = useState<Partial<Record<Field, string>>>({});

  const person = personId ?? defaultPerson;
  const error = (field: Field) => local[field] ?? errors.fields[field];
  const clear = (field: Field) => {
    setLocal((p) => ({ ...p, [field]: undefined }));
    errors.clearField(field);
  };
  const required = t('errors.reason.required');

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    errors.reset();
    const at = copenhagenInputToIso(givenAt);
    const problems: Partial<Record<Field, string>> = {
      personId: person ? undefined : required,
      recipientPartnerId: recipient === 'partner' && !partnerId ? required : undefined,
      recipientKind: recipient === 'kind' && !kind ? required : undefined,
      purpose: purpose ? undefined : required,
      dataItems: items.length ? undefined : t('consents.form.dataItemsRequired'),
      givenVia: givenVia ? undefined : required,
      givenAt: !at
        ? t('consents.form.invalidDateTime')
        : new Date(at).getTime() > Date.now() + 60_000
          ? t('consents.form.inFuture')
          : undefined,
      expiresOn: expiresOn && !isIsoDate(expiresOn) ? t('case.invalidDate') : undefined,
    };
    setLocal(problems);
    if (Object.values(problems).some(Boolean) || !person || !purpose || !givenVia || !at) return;
    const body: RecordConsentInput = {
      personId: person,
      ...(recipient === 'partner' ? { recipientPartnerId: partnerId! } : { recipientKind: kind! }),
      purpose,
      dataItems: SHARED_DATA_ITEMS.filter((i) => items.includes(i)),
      givenVia,
      givenAt: at,
      ...(expiresOn ? { expiresOn } : {}),
      ...(note.trim() ? { note: note.trim() } : {}),
    };
    record.mutate(body, { onSuccess: onSaved, onError: errors.setFromError });
  };

  const partnerOptions = (partners.data?.items ?? []).map((p) => ({
    value: p.id,
    label: `${p.name} (${refLabel(t, 'partnerKind', p.kind)})`,
  }));

  return (
    <AppModal opened onClose={onClose} title={t('consents.form.title')} closeOnClickOutside={false} size="xl">
      {consents.isPending ? <Loading /> : null}
      {consents.isError ? <ErrorAlert error={consents.error} onRetry={() => void consents.refetch()} /> : null}
      {consents.data ? (
        <form onSubmit={onSubmit} noValidate>
          <Stack gap="sm">
            <FormSummary message={errors.summary} />
            <Select
              label={t('consents.form.person')}
              data={persons.map((p) => ({
                value: p.personId,
                label: `${p.name} (${t(`consents.role.${p.role as 'tenant'}`, { defaultValue: t(`caseLabels.householdRole.${p.role as 'tenant'}`, { defaultValue: p.role }) })})`,
              }))}
              value={person}
              onChange={(value) => {
                setPersonId(value);
                clear('personId');
              }}
              allowDeselect={false}
              required
              error={error('personId')}
              data-autofocus
            />
            <Radio.Group
              label={t('consents.form.recipient')}
              value={recipient}
              onChange={(value) => setRecipient(value as 'partner' | 'kind')}
              required
            >
              <Group gap="lg" mt={6}>
                <Radio value="partner" label={t('consents.form.recipientPartner')} />
                <Radio value="kind" label={t('consents.form.recipientKind')} />
              </Group>
            </Radio.Group>
            {recipient === 'partner' ? (
              <Select
                label={t('consents.form.partner')}
                data={partnerOptions}
                value={partnerId}
                onChange={(value) => {
                  setPartnerId(value);
                  clear('recipientPartnerId');
                }}
                searchable
                nothingFoundMessage={t('common.noResults')}
                required
                error={error('recipientPartnerId') ?? (partners.isError ? t('consents.form.partnersFailed') : undefined)}
              />
            ) : (
              <Select
                label={t('consents.form.kind')}
                data={labelOptions(t, 'partnerKind', PARTNER_KINDS)}
                value={kind}
                onChange={(value) => {
                  setKind(value as PartnerKind | null);
                  clear('recipientKind');
                }}
                required
                error={error('recipientKind')}
              />
            )}
            <Select
              label={t('consents.form.purpose')}
              data={labelOptions(t, 'purpose', REFERRAL_PURPOSES)}
              value={purpose}
              onChange={(value) => {
                setPurpose(value as ReferralPurpose | null);
                clear('purpose');
              }}
              required
              error={error('purpose')}
            />
            <Checkbox.Group
              label={t('consents.form.dataItems')}
              description={t('consents.form.dataItemsHelp')}
              value={items}
              onChange={(value) => {
                setItems(value as SharedDataItem[]);
                clear('dataItems');
              }}
              required
              error={error('dataItems')}
            >
              <SimpleGrid cols={{ base: 1, xs: 2 }} spacing={6} verticalSpacing={6} mt={6}>
                {SHARED_DATA_ITEMS.map((item) => (
                  <Checkbox key={item} value={item} label={refLabel(t, 'dataItem', item)} />
                ))}
              </SimpleGrid>
            </Checkbox.Group>
            <Radio.Group
              label={t('consents.form.givenVia')}
              value={givenVia}
              onChange={(value) => {
                setGivenVia(value as ConsentChannel);
                clear('givenVia');
              }}
              required
              error={error('givenVia')}
            >
              <Group gap="lg" mt={6}>
                {CONSENT_CHANNELS.map((c) => (
                  <Radio key={c} value={c} label={refLabel(t, 'givenVia', c)} />
                ))}
              </Group>
            </Radio.Group>
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <TextInput
                type="datetime-local"
                label={t('consents.form.givenAt')}
                required
                value={givenAt}
                onChange={(e) => {
                  setGivenAt(e.currentTarget.value);
                  clear('givenAt');
                }}
                error={error('givenAt')}
              />
              <TextInput
                type="date"
                label={t('consents.form.expiresOn')}
                description={t('consents.form.expiresOnHelp')}
                value={expiresOn}
                onChange={(e) => {
                  setExpiresOn(e.currentTarget.value);
                  clear('expiresOn');
                }}
                error={error('expiresOn')}
              />
            </SimpleGrid>
            <Textarea
              label={t('consents.form.note')}
              autosize
              minRows={2}
              maxLength={1000}
              value={note}
              onChange={(e) => {
                setNote(e.currentTarget.value);
                clear('note');
              }}
              error={error('note')}
            />
            <Group justify="flex-end">
              <Button variant="default" onClick={onClose}>
                {t('common.cancel')}
              </Button>
              <Button type="submit" loading={record.isPending}>
                {t('consents.form.submit')}
              </Button>
            </Group>
          </Stack>
        </form>
      ) : null}
    </AppModal>
  );
}
