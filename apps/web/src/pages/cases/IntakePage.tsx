import {
  Alert,
  Anchor,
  Button,
  Fieldset,
  Group,
  NumberInput,
  Radio,
  Select,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
} from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { useCreateCase, type IntakeInput } from '../../api/cases';
import { CONTACT_CHANNELS, STAGES, type Stage } from '../../api/caseTypes';
import { ApiError, isApiError } from '../../api/client';
import { departmentOptions, useDepartments } from '../../api/departments';
import { FormSummary } from '../../components/FormSummary';
import { MoneyInput } from '../../components/MoneyInput';
import { PageTitle } from '../../components/PageTitle';
import { useServerFormErrors } from '../../components/useServerFormErrors';
import { normaliseCpr } from '../../lib/cases';
import { isIsoDate } from '../../lib/dates';
import { parseKroner } from '../../lib/money';

const FIELDS = [
  'departmentId',
  'tenancyNumber',
  'address',
  'unit',
  'postalCode',
  'monthlyRent',
  'tenantName',
  'cpr',
  'phone',
  'email',
  'stage',
  'stageDate',
  'arrears',
  'children',
  'channel',
  'reached',
  'summary',
] as const;
type Field = (typeof FIELDS)[number];

/** Where each field of the API's body is shown in this form. */
const API_FIELD: Record<string, Field> = {
  'tenancy.departmentId': 'departmentId',
  'tenancy.tenancyNumber': 'tenancyNumber',
  'tenancy.address': 'address',
  'tenancy.unit': 'unit',
  'tenancy.postalCode': 'postalCode',
  'tenancy.monthlyRentOre': 'monthlyRent',
  tenancy: 'tenancyNumber',
  'tenant.name': 'tenantName',
  'tenant.cpr': 'cpr',
  'tenant.phone': 'phone',
  'tenant.email': 'email',
  tenant: 'tenantName',
  stage: 'stage',
  arrearsOre: 'arrears',
  childrenInHousehold: 'children',
  dates: 'stageDate',
  'firstContact.channel': 'channel',
  'firstContact.reached': 'reached',
  'firstContact.summary': 'summary',
  firstContact: 'channel',
};

function apiFieldToForm(field: string): string {
  if (API_FIELD[field]) return API_FIELD[field];
  if (field.startsWith('dates')) return 'stageDate';
  const parent = field.split(/[.[]/)[0] ?? field;
  return API_FIELD[parent] ?? field;
}

/** The same error with its field names moved to this form's fields. */
function remapErrors(error: unknown): unknown {
  if (!isApiError(error) || !error.fieldErrors.length) return error;
  return new ApiError(error.status, { ...error.body, errors: error.fieldErrors.map((e) => ({ ...e, field: apiFieldToForm(e.field) })) });
}

const NO_CONTACT = 'none';

/** The case date that the chosen starting stage records. */
const STAGE_DATE_KEY: Record<Stage, string> = {
  arrears: 'oldestDueDate',
  demand: 'demandSentDate',
  termination: 'terminationDate',
  legal: 'legalHandoverDate',
  court: 'courtFiledDate',
  eviction_scheduled: 'evictionDate',
};

const EMPTY: Record<Field, string> = {
  departmentId: '',
  tenancyNumber: '',
  address: '',
  unit: '',
  postalCode: '',
  monthlyRent: '',
  tenantName: '',
  cpr: '',
  phone: '',
  email: '',
  stage: 'arrears',
  stageDate: '',
  arrears: '',
  children: '0',
  channel: '',
  reached: '',
  summary: '',
};

export function IntakePage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const departments = useDepartments();
  const createCase = useCreateCase();
  const errors = useServerFormErrors(FIELDS);
  const [form, setForm] = useState(EMPTY);
  const [local, setLocal] = useState<Partial<Record<Field, string>>>({});
  const [existingCaseId, setExistingCaseId] = useState<string | null>(null);

  const set = (field: Field, value: string) => {
    setForm((prev) => ({ ...prev, [field]: value }));
    setLocal((prev) => ({ ...prev, [field]: undefined }));
    errors.clearField(field);
  };
  const err = (field: Field) => local[field] ?? errors.fields[field];
  const stage = form.stage as Stage;

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    errors.reset();
    setExistingCaseId(null);
    const required = t('errors.reason.required');
    const problems: Partial<Record<Field, string>> = {};
    if (!form.departmentId) problems.departmentId = required;
    if (!form.tenancyNumber.trim()) problems.tenancyNumber = required;
    if (!form.address.trim()) problems.address = required;
    const rent = parseKroner(form.monthlyRent);
    if (!rent.ok && !rent.empty) problems.monthlyRent = t('case.money.invalid');
    const arrears = parseKroner(form.arrears);
    if (!arrears.ok && !arrears.empty) problems.arrears = t('case.money.invalid');
    const cpr = form.cpr.trim() ? normaliseCpr(form.cpr) : null;
    if (form.cpr.trim() && !cpr) problems.cpr = t('intake.cprInvalid');
    const anyTenant = [form.tenantName, form.cpr, form.phone, form.email].some((v) => v.trim());
    if (anyTenant && !form.tenantName.trim()) problems.tenantName = t('intake.tenantNameRequired');
    if (stage === 'eviction_scheduled' && !form.stageDate) problems.stageDate = t('case.stage.evictionRequired');
    if (form.stageDate && !isIsoDate(form.stageDate)) problems.stageDate = t('case.invalidDate');
    if (form.channel && !form.reached) problems.reached = required;
    setLocal(problems);
    if (Object.keys(problems).length > 0) return;

    const input: IntakeInput = {
      tenancy: {
        departmentId: form.departmentId,
        tenancyNumber: form.tenancyNumber.trim(),
        address: form.address.trim(),
        unit: form.unit.trim() || undefined,
        postalCode: form.postalCode.trim() || undefined,
        monthlyRentOre: rent.ok ? rent.ore : undefined,
      },
      tenant: anyTenant
        ? {
            name: form.tenantName.trim(),
            cpr: cpr ?? undefined,
            phone: form.phone.trim() || undefined,
            email: form.email.trim() || undefined,
          }
        : undefined,
      stage,
      arrearsOre: arrears.ok ? arrears.ore : undefined,
      childrenInHousehold: Number(form.children || 0),
      dates: form.stageDate ? { [STAGE_DATE_KEY[stage]]: form.stageDate } : undefined,
      firstContact: form.channel
        ? { channel: form.channel, reached: form.reached === 'yes', summary: form.summary.trim() || undefined }
        : undefined,
    };
    createCase.mutate(input, {
      onSuccess: (detail) => void navigate(`/cases/${detail.id}`),
      onError: (error) => {
        if (isApiError(error) && error.status === 409 && typeof error.body.caseId === 'string') {
          setExistingCaseId(error.body.caseId);
          return;
        }
        errors.setFromError(remapErrors(error));
      },
    });
  };

  return (
    <>
      <PageTitle>{t('intake.title')}</PageTitle>
      <Text mb="md">{t('intake.intro')}</Text>
      <form onSubmit={onSubmit} noValidate>
        <Stack maw={880}>
          <FormSummary message={errors.summary} />
          {existingCaseId ? (
            <Alert
              role="alert"
              color="orange.9"
              variant="outline"
              icon={<IconAlertTriangle aria-hidden="true" />}
              data-testid="existing-case"
            >
              <Text size="sm">{t('intake.existing')}</Text>
              <Anchor component={Link} to={`/cases/${existingCaseId}`} size="sm" fw={600}>
                {t('intake.openExisting')}
              </Anchor>
            </Alert>
          ) : null}

          <Fieldset legend={t('intake.tenancySection')}>
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <Select
                label={t('intake.department')}
                placeholder={t('intake.departmentPlaceholder')}
                data={departmentOptions(departments.data)}
                value={form.departmentId || null}
                onChange={(value) => set('departmentId', value ?? '')}
                searchable
                openOnFocus={false}
                required
                allowDeselect={false}
                error={err('departmentId')}
              />
              <TextInput
                label={t('intake.tenancyNumber')}
                required
                value={form.tenancyNumber}
                onChange={(e) => set('tenancyNumber', e.currentTarget.value)}
                error={err('tenancyNumber')}
                autoComplete="off"
              />
              <TextInput
                label={t('intake.address')}
                required
                value={form.address}
                onChange={(e) => set('address', e.currentTarget.value)}
                error={err('address')}
                autoComplete="off"
              />
              <TextInput
                label={t('intake.unit')}
                value={form.unit}
                onChange={(e) => set('unit', e.currentTarget.value)}
                error={err('unit')}
                autoComplete="off"
              />
              <TextInput
                label={t('intake.postalCode')}
                inputMode="numeric"
                maxLength={4}
                value={form.postalCode}
                onChange={(e) => set('postalCode', e.currentTarget.value)}
                error={err('postalCode')}
                autoComplete="off"
              />
              <MoneyInput
                label={t('intake.monthlyRent')}
                value={form.monthlyRent}
                onChange={(e) => set('monthlyRent', e.currentTarget.value)}
                error={err('monthlyRent')}
              />
            </SimpleGrid>
          </Fieldset>

          <Fieldset legend={t('intake.tenantSection')}>
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <TextInput
                label={t('intake.tenantName')}
                value={form.tenantName}
                onChange={(e) => set('tenantName', e.currentTarget.value)}
                error={err('tenantName')}
                autoComplete="off"
              />
              <TextInput
                label={t('intake.cpr')}
                description={t('intake.cprHelp')}
                value={form.cpr}
                onChange={(e) => set('cpr', e.currentTarget.value)}
                error={err('cpr')}
                autoComplete="off"
                inputMode="numeric"
                maxLength={11}
              />
              <TextInput
                label={t('intake.phone')}
                type="tel"
                value={form.phone}
                onChange={(e) => set('phone', e.currentTarget.value)}
                error={err('phone')}
                autoComplete="off"
              />
              <TextInput
                label={t('intake.email')}
                type="email"
                value={form.email}
                onChange={(e) => set('email', e.currentTarget.value)}
                error={err('email')}
                autoComplete="off"
              />
            </SimpleGrid>
          </Fieldset>

          <Fieldset legend={t('intake.caseSection')}>
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <Select
                label={t('intake.stage')}
                data={STAGES.map((s) => ({ value: s, label: t(`caseLabels.stage.${s}`) }))}
                value={form.stage}
                onChange={(value) => value && set('stage', value)}
                allowDeselect={false}
                error={err('stage')}
              />
              <TextInput
                type="date"
                label={stage === 'arrears' ? t('caseLabels.dates.oldestDueDate') : t(`case.stage.date.${stage}`)}
                required={stage === 'eviction_scheduled'}
                value={form.stageDate}
                onChange={(e) => set('stageDate', e.currentTarget.value)}
                error={err('stageDate')}
              />
              <MoneyInput
                label={t('intake.arrears')}
                value={form.arrears}
                onChange={(e) => set('arrears', e.currentTarget.value)}
                error={err('arrears')}
              />
              <NumberInput
                label={t('intake.children')}
                min={0}
                max={30}
                allowDecimal={false}
                allowNegative={false}
                value={form.children}
                onChange={(value) => set('children', String(value))}
                error={err('children')}
              />
            </SimpleGrid>
          </Fieldset>

          <Fieldset legend={t('intake.contactSection')}>
            <SimpleGrid cols={{ base: 1, sm: 2 }}>
              <Select
                label={t('intake.channel')}
                data={[
                  { value: NO_CONTACT, label: t('intake.channelNone') },
                  ...CONTACT_CHANNELS.map((c) => ({ value: c, label: t(`caseLabels.channel.${c}`) })),
                ]}
                value={form.channel || NO_CONTACT}
                onChange={(value) => set('channel', !value || value === NO_CONTACT ? '' : value)}
                allowDeselect={false}
                error={err('channel')}
              />
              {form.channel ? (
                <Radio.Group
                  label={t('case.contact.reached')}
                  value={form.reached}
                  onChange={(value) => set('reached', value)}
                  required
                  error={err('reached')}
                >
                  <Group gap="lg" mt={4}>
                    <Radio value="yes" label={t('case.contact.reachedYes')} />
                    <Radio value="no" label={t('case.contact.reachedNo')} />
                  </Group>
                </Radio.Group>
              ) : null}
            </SimpleGrid>
            {form.channel ? (
              <Textarea
                mt="sm"
                label={t('case.contact.summary')}
                autosize
                minRows={2}
                value={form.summary}
                onChange={(e) => set('summary', e.currentTarget.value)}
                error={err('summary')}
              />
            ) : null}
          </Fieldset>

          <Group justify="flex-end">
            <Button component={Link} to="/cases" variant="default">
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={createCase.isPending}>
              {t('intake.submit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </>
  );
}
