import { Fieldset, MultiSelect, NumberInput, Radio, Select, SimpleGrid, Stack, Switch, Textarea, TextInput } from '@mantine/core';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import {
  CONTACT_KINDS,
  PARTNER_CHANNELS,
  PARTNER_KINDS,
  REFERRAL_PURPOSES,
  type ContactKind,
  type PartnerChannel,
  type PartnerKind,
  type ReferralPurpose,
} from '@forebyg/domain/referral-lists';
import { departmentOptions, useDepartments } from '../../api/departments';
import { useMunicipalities } from '../../api/partners';
import { COMMON_LANGUAGES, labelOptions, languageName } from '../../lib/referralText';
import type { SectionProps } from './PartnerModal';

const NARROW = { wrapper: { maxWidth: 200 } };

/** Empty text input → null, so "not given" is sent as such. */
const orNull = (value: string) => (value === '' ? null : value);

export function IdentitySection({ form, set, error, editing }: SectionProps) {
  const { t } = useTranslation();
  return (
    <Fieldset legend={t('partners.sections.identity')}>
      <Stack gap="sm">
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <Select
            label={t('partners.fields.kind')}
            data={labelOptions(t, 'partnerKind', PARTNER_KINDS)}
            value={form.kind}
            onChange={(value) => {
              if (!value) return;
              set('kind', value as PartnerKind);
              // The own counselling never needs consent; the others do unless an admin says otherwise.
              set('requiresConsent', value !== 'own_counselling');
            }}
            allowDeselect={false}
            required
            disabled={editing}
            description={editing ? t('partners.help.kindFixed') : undefined}
            error={error('kind')}
            data-autofocus={editing ? undefined : true}
          />
          <TextInput
            label={t('partners.fields.name')}
            required
            maxLength={200}
            data-autofocus={editing ? true : undefined}
            value={form.name}
            onChange={(e) => set('name', e.currentTarget.value)}
            error={error('name')}
          />
        </SimpleGrid>
        <Textarea
          label={t('partners.fields.description')}
          autosize
          minRows={2}
          maxLength={2000}
          value={form.description ?? ''}
          onChange={(e) => set('description', orNull(e.currentTarget.value))}
          error={error('description')}
        />
        <Switch
          label={t('partners.fields.active')}
          description={t('partners.help.active')}
          checked={form.active}
          onChange={(e) => set('active', e.currentTarget.checked)}
          error={error('active')}
        />
      </Stack>
    </Fieldset>
  );
}

export function CoverageSection({ form, set, error }: SectionProps) {
  const { t } = useTranslation();
  const municipalities = useMunicipalities();
  const departments = useDepartments();
  const muniOptions = useMemo(
    () => (municipalities.data ?? []).map((m) => ({ value: m.code, label: `${m.name} (${m.code})` })),
    [municipalities.data],
  );
  return (
    <Fieldset legend={t('partners.sections.coverage')}>
      {form.kind === 'municipal' ? (
        <Select
          label={t('partners.fields.municipalityCode')}
          description={t('partners.help.municipalityCode')}
          data={muniOptions}
          value={form.municipalityCode}
          onChange={(value) => set('municipalityCode', value)}
          searchable
          nothingFoundMessage={t('common.noResults')}
          required
          error={error('municipalityCode')}
        />
      ) : form.kind === 'own_counselling' ? (
        <MultiSelect
          label={t('partners.fields.departmentIds')}
          description={t('partners.help.departmentIds')}
          data={departmentOptions(departments.data)}
          value={form.departmentIds}
          onChange={(value) => set('departmentIds', value)}
          searchable
          nothingFoundMessage={t('common.noResults')}
          error={error('departmentIds')}
        />
      ) : (
        <MultiSelect
          label={t('partners.fields.areas')}
          description={t('partners.help.areas')}
          data={muniOptions}
          value={form.areas}
          onChange={(value) => set('areas', value)}
          searchable
          nothingFoundMessage={t('common.noResults')}
          error={error('areas')}
        />
      )}
    </Fieldset>
  );
}

export function ServiceSection({ form, set, error }: SectionProps) {
  const { t, i18n } = useTranslation();
  const lang = i18n.resolvedLanguage ?? 'da';
  const languageOptions = [...new Set([...COMMON_LANGUAGES, ...form.languages])].map((code) => ({
    value: code,
    label: `${languageName(code, lang)} (${code})`,
  }));
  return (
    <Fieldset legend={t('partners.sections.services')}>
      <Stack gap="sm">
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <MultiSelect
            label={t('partners.fields.services')}
            description={t('partners.help.services')}
            data={labelOptions(t, 'purpose', REFERRAL_PURPOSES)}
            value={form.services}
            onChange={(value) => set('services', value as ReferralPurpose[])}
            error={error('services')}
          />
          <MultiSelect
            label={t('partners.fields.languages')}
            description={t('partners.help.languages')}
            data={languageOptions}
            value={form.languages}
            onChange={(value) => set('languages', value)}
            searchable
            nothingFoundMessage={t('common.noResults')}
            error={error('languages')}
          />
        </SimpleGrid>
        <SimpleGrid cols={{ base: 1, sm: 2 }}>
          <NumberInput
            label={t('partners.fields.capacity')}
            description={t('partners.help.capacity')}
            min={0}
            allowDecimal={false}
            allowNegative={false}
            value={form.capacity}
            onChange={(value) => set('capacity', value)}
            error={error('capacity')}
            styles={NARROW}
          />
          <NumberInput
            label={t('partners.fields.waitingDays')}
            description={t('partners.help.waitingDays')}
            min={0}
            allowDecimal={false}
            allowNegative={false}
            value={form.waitingDays}
            onChange={(value) => set('waitingDays', value)}
            error={error('waitingDays')}
            styles={NARROW}
          />
        </SimpleGrid>
        <Switch
          label={t('partners.fields.accredited')}
          description={t('partners.help.accredited')}
          checked={form.accredited}
          onChange={(e) => set('accredited', e.currentTarget.checked)}
          error={error('accredited')}
        />
        <Switch
          label={t('partners.fields.requiresConsent')}
          description={form.kind === 'own_counselling' ? t('partners.help.ownNeverConsent') : t('partners.help.requiresConsent')}
          checked={form.kind === 'own_counselling' ? false : form.requiresConsent}
          disabled={form.kind === 'own_counselling'}
          onChange={(e) => set('requiresConsent', e.currentTarget.checked)}
          error={error('requiresConsent')}
        />
      </Stack>
    </Fieldset>
  );
}

export function ContactSection({ form, set, error }: SectionProps) {
  const { t } = useTranslation();
  return (
    <Fieldset legend={t('partners.sections.contact')}>
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <Select
          label={t('partners.fields.contactKind')}
          data={labelOptions(t, 'contactKind', CONTACT_KINDS)}
          value={form.contactKind}
          onChange={(value) => set('contactKind', value as ContactKind | null)}
          clearable
          error={error('contactKind')}
        />
        <TextInput
          label={t('partners.fields.contactName')}
          maxLength={200}
          value={form.contactName ?? ''}
          onChange={(e) => set('contactName', orNull(e.currentTarget.value))}
          error={error('contactName')}
        />
        <TextInput
          label={t('partners.fields.phone')}
          type="tel"
          maxLength={40}
          value={form.phone ?? ''}
          onChange={(e) => set('phone', orNull(e.currentTarget.value))}
          error={error('phone')}
        />
        <TextInput
          label={t('partners.fields.email')}
          type="email"
          maxLength={320}
          required={form.channel === 'email'}
          value={form.email ?? ''}
          onChange={(e) => set('email', orNull(e.currentTarget.value))}
          error={error('email')}
        />
      </SimpleGrid>
      <TextInput
        mt="sm"
        label={t('partners.fields.openingHours')}
        maxLength={500}
        value={form.openingHours ?? ''}
        onChange={(e) => set('openingHours', orNull(e.currentTarget.value))}
        error={error('openingHours')}
      />
    </Fieldset>
  );
}

export function ChannelSection({ form, set, error }: SectionProps) {
  const { t } = useTranslation();
  return (
    <Fieldset legend={t('partners.sections.channel')}>
      <Stack gap="sm">
        <Radio.Group
          label={t('partners.fields.channel')}
          description={t('partners.help.channel')}
          value={form.channel}
          onChange={(value) => set('channel', value as PartnerChannel)}
          required
          error={error('channel')}
        >
          <Stack gap={6} mt={6}>
            {PARTNER_CHANNELS.map((c) => (
              <Radio key={c} value={c} label={t(`partners.channelOption.${c}`)} />
            ))}
          </Stack>
        </Radio.Group>
        {form.channel === 'webhook' ? (
          <TextInput
            label={t('partners.fields.webhookUrl')}
            description={t('partners.help.webhookUrl')}
            type="url"
            required
            maxLength={2000}
            value={form.webhookUrl ?? ''}
            onChange={(e) => set('webhookUrl', orNull(e.currentTarget.value))}
            error={error('webhookUrl')}
          />
        ) : null}
        <NumberInput
          label={t('partners.fields.answerDays')}
          description={t('partners.help.answerDays')}
          min={1}
          max={60}
          allowDecimal={false}
          allowNegative={false}
          required
          value={form.answerDays}
          onChange={(value) => set('answerDays', value)}
          error={error('answerDays')}
          styles={NARROW}
        />
      </Stack>
    </Fieldset>
  );
}
