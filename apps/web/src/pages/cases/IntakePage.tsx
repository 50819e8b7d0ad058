import { Alert, Anchor, Button, Group, Stack, Text } from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { useCreateCase } from '../../api/cases';
import { isApiError } from '../../api/client';
import { departmentOptions, useDepartments } from '../../api/departments';
import { FormSummary } from '../../components/FormSummary';
import { PageTitle } from '../../components/PageTitle';
import { useServerFormErrors } from '../../components/useServerFormErrors';
import { CaseFieldset, ContactFieldset, TenancyFieldset, TenantFieldset } from './IntakeFieldsets';
import { EMPTY, FIELDS, readIntake, remapErrors, type Field } from './intakeForm';

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

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    errors.reset();
    setExistingCaseId(null);
    const { problems, input } = readIntake(form, t);
    setLocal(problems);
    if (!input) return;
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

          <TenancyFieldset form={form} set={set} err={err} departments={departmentOptions(departments.data)} />
          <TenantFieldset form={form} set={set} err={err} />
          <CaseFieldset form={form} set={set} err={err} />
          <ContactFieldset form={form} set={set} err={err} />

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
