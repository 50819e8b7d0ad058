import { Fieldset, Group, NumberInput, Radio, Select, SimpleGrid, Textarea, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { CONTACT_CHANNELS } from '@forebyg/domain/case-lists';
import { STAGES, type Stage } from '@forebyg/domain/stages';
import { MoneyInput } from '../../components/MoneyInput';
import { NO_CONTACT, type Field } from './intakeForm';

/** What each section of the intake form gets: the form's values, a setter by field, and a field's error. */
interface FieldsetProps {
  form: Record<Field, string>;
  set: (field: Field, value: string) => void;
  err: (field: Field) => string | undefined;
}

/** The tenancy: department, number, address, rent. */
export function TenancyFieldset({ form, set, err, departments }: FieldsetProps & { departments: { value: string; label: string }[] }) {
  const { t } = useTranslation();
  return (
    <Fieldset legend={t('intake.tenancySection')}>
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <Select
          label={t('intake.department')}
          placeholder={t('intake.departmentPlaceholder')}
          data={departments}
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
  );
}

/** The tenant, all optional (a name once any of it is given). */
export function TenantFieldset({ form, set, err }: FieldsetProps) {
  const { t } = useTranslation();
  return (
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
  );
}

/** Where the case starts: the stage with its date, the arrears, the children. */
export function CaseFieldset({ form, set, err }: FieldsetProps) {
  const { t } = useTranslation();
  const stage = form.stage as Stage;
  return (
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
  );
}

/** A first contact, if there was one. */
export function ContactFieldset({ form, set, err }: FieldsetProps) {
  const { t } = useTranslation();
  return (
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
  );
}
