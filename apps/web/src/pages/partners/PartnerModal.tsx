import { Button, Group, Stack } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api/client';
import { useCreatePartner, usePartner, useUpdatePartner } from '../../api/partners';
import type { Partner, PartnerFields, PartnerWithSecret } from '../../api/referralTypes';
import { AppModal } from '../../components/AppModal';
import { ConflictAlert, isVersionConflict } from '../../components/ConflictAlert';
import { FormSummary } from '../../components/FormSummary';
import { useServerFormErrors } from '../../components/useServerFormErrors';
import { ChannelSection, ContactSection, CoverageSection, IdentitySection, ServiceSection } from './PartnerFormSections';

export const PARTNER_FIELDS = [
  'kind',
  'name',
  'description',
  'municipalityCode',
  'areas',
  'services',
  'languages',
  'contactKind',
  'contactName',
  'phone',
  'email',
  'openingHours',
  'channel',
  'webhookUrl',
  'requiresConsent',
  'capacity',
  'waitingDays',
  'accredited',
  'answerDays',
  'active',
  'departmentIds',
] as const;
export type PartnerField = (typeof PARTNER_FIELDS)[number];

/** The form's state: the partner's fields with numbers as typed (NumberInput gives '' for empty). */
export type PartnerForm = Omit<PartnerFields, 'capacity' | 'waitingDays' | 'answerDays'> & {
  capacity: number | string;
  waitingDays: number | string;
  answerDays: number | string;
};

export interface SectionProps {
  form: PartnerForm;
  set: <K extends keyof PartnerForm>(field: K, value: PartnerForm[K]) => void;
  error: (field: PartnerField) => string | undefined;
  /** Editing an existing partner (its kind is fixed). */
  editing: boolean;
}

const EMPTY: PartnerForm = {
  kind: 'volunteer',
  name: '',
  description: null,
  municipalityCode: null,
  areas: [],
  services: [],
  languages: ['da'],
  contactKind: null,
  contactName: null,
  phone: null,
  email: null,
  openingHours: null,
  channel: 'email',
  webhookUrl: null,
  requiresConsent: true,
  capacity: '',
  waitingDays: '',
  accredited: false,
  answerDays: 5,
  active: true,
  departmentIds: [],
};

function formOf(p: Partner | null): PartnerForm {
  if (!p) return EMPTY;
  return {
    ...EMPTY,
    ...p,
    areas: p.areas ?? [],
    services: p.services ?? [],
    languages: p.languages ?? [],
    departmentIds: (p.departments ?? []).map((d) => d.id),
    capacity: p.capacity ?? '',
    waitingDays: p.waitingDays ?? '',
    answerDays: p.answerDays ?? 5,
  };
}

const text = (value: string | null) => (value && value.trim() ? value.trim() : null);
const whole = (value: number | string) => (value === '' || value === null ? null : Number(value));

/** The body of POST/PUT /partners: empty texts are null, and fields that do not apply to the kind are cleared. */
function toInput(f: PartnerForm): PartnerFields {
  return {
    kind: f.kind,
    name: f.name.trim(),
    description: text(f.description),
    municipalityCode: f.kind === 'municipal' ? f.municipalityCode : null,
    areas: f.kind === 'volunteer' || f.kind === 'other' ? f.areas : [],
    services: f.services,
    languages: f.languages,
    contactKind: f.contactKind,
    contactName: text(f.contactName),
    phone: text(f.phone),
    email: text(f.email),
    openingHours: text(f.openingHours),
    channel: f.channel,
    webhookUrl: f.channel === 'webhook' ? text(f.webhookUrl) : null,
    requiresConsent: f.kind === 'own_counselling' ? false : f.requiresConsent,
    capacity: whole(f.capacity),
    waitingDays: whole(f.waitingDays),
    accredited: f.accredited,
    answerDays: Number(f.answerDays),
    active: f.active,
    departmentIds: f.kind === 'own_counselling' ? f.departmentIds : [],
  };
}

/** Checks the browser can do before asking the API (which checks everything again). */
function localProblems(
  t: (key: 'errors.reason.required' | 'partners.invalid.answerDays' | 'partners.invalid.url') => string,
  f: PartnerForm,
) {
  const problems: Partial<Record<PartnerField, string>> = {};
  const required = t('errors.reason.required');
  if (!f.name.trim()) problems.name = required;
  if (f.kind === 'municipal' && !f.municipalityCode) problems.municipalityCode = required;
  if (f.channel === 'email' && !text(f.email)) problems.email = required;
  if (f.channel === 'webhook') {
    const url = text(f.webhookUrl);
    if (!url) problems.webhookUrl = required;
    else if (!/^https?:\/\/\S+$/i.test(url)) problems.webhookUrl = t('partners.invalid.url');
  }
  const days = Number(f.answerDays);
  if (f.answerDays === '' || !Number.isInteger(days) || days < 1 || days > 60) problems.answerDays = t('partners.invalid.answerDays');
  return problems;
}

/**
 * Create or edit a partner. Creating answers the signing secret once (shown by the caller); editing sends the
 * version it was based on, and a 409 keeps the input and offers to re-base it on the current version.
 */
export function PartnerModal({
  partner,
  onClose,
  onCreated,
  onSaved,
}: {
  partner: Partner | null;
  onClose: () => void;
  onCreated: (created: PartnerWithSecret) => void;
  onSaved: (name: string) => void;
}) {
  const { t } = useTranslation();
  const create = useCreatePartner();
  const update = useUpdatePartner();
  const current = usePartner(partner?.id ?? '');
  const errors = useServerFormErrors(PARTNER_FIELDS);
  const [form, setForm] = useState<PartnerForm>(() => formOf(partner));
  const [version, setVersion] = useState(partner?.version ?? 0);
  const [local, setLocal] = useState<Partial<Record<PartnerField, string>>>({});
  const [conflict, setConflict] = useState(false);
  // What the user changed: after a conflict, the rest is re-based on the current version (nobody's change is undone).
  const [touched, setTouched] = useState<ReadonlySet<keyof PartnerForm>>(new Set());

  const set: SectionProps['set'] = (field, value) => {
    setForm((prev) => ({ ...prev, [field]: value }));
    setTouched((prev) => new Set(prev).add(field));
    setLocal((prev) => ({ ...prev, [field]: undefined }));
    if ((PARTNER_FIELDS as readonly string[]).includes(field)) errors.clearField(field as PartnerField);
  };
  const error = (field: PartnerField) => local[field] ?? errors.fields[field];

  const onError = (err: unknown) => {
    if (isVersionConflict(err)) setConflict(true);
    else if (isApiError(err) && err.status === 409 && form.kind === 'municipal') {
      // The only other conflict: the municipality already has an active contact point.
      setLocal({ municipalityCode: t('partners.invalid.municipalTaken') });
    } else errors.setFromError(err);
  };

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    errors.reset();
    setConflict(false);
    const problems = localProblems(t, form);
    setLocal(problems);
    if (Object.keys(problems).length) return;
    const input = toInput(form);
    if (partner) {
      update.mutate({ id: partner.id, version, input }, { onSuccess: () => onSaved(input.name), onError });
    } else {
      create.mutate(input, { onSuccess: onCreated, onError });
    }
  };

  const reload = async () => {
    const fresh = await current.refetch();
    if (fresh.data) {
      const base = formOf(fresh.data);
      setForm((mine) => {
        const merged: PartnerForm = { ...base };
        for (const field of touched) (merged as Record<string, unknown>)[field] = mine[field];
        return merged;
      });
      setVersion(fresh.data.version);
      setConflict(false);
    }
  };

  const props: SectionProps = { form, set, error, editing: partner !== null };
  return (
    <AppModal
      opened
      onClose={onClose}
      title={partner ? t('partners.editTitle', { name: partner.name }) : t('partners.createTitle')}
      closeOnClickOutside={false}
      size="xl"
    >
      <form onSubmit={onSubmit} noValidate>
        <Stack gap="md">
          {conflict ? <ConflictAlert onReload={reload} /> : null}
          <FormSummary message={errors.summary} />
          <IdentitySection {...props} />
          <CoverageSection {...props} />
          <ServiceSection {...props} />
          <ContactSection {...props} />
          <ChannelSection {...props} />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={create.isPending || update.isPending} disabled={conflict}>
              {partner ? t('common.save') : t('partners.createSubmit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </AppModal>
  );
}
