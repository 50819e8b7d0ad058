import { Button, Group, Select, Stack, Text } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useLeadCandidates, useSetDepartmentLead } from '../../api/departments';
import type { Department } from '../../api/types';
import { AppModal } from '../../components/AppModal';
import { FormButtons } from '../../components/FormButtons';
import { ErrorAlert, Loading } from '../../components/Feedback';
import { FormSummary } from '../../components/FormSummary';
import { useServerFormErrors } from '../../components/useServerFormErrors';
import { departmentLabel } from './departmentColumns';

const FIELDS = ['leadUserId'] as const;

interface Props {
  department: Department;
  onClose: () => void;
  /** Called with the confirmation to show. */
  onSaved: (message: string) => void;
}

/** Choose a department's lead among the users who work in it, or remove the lead. Mount with a `key` of the department id. */
export function DepartmentLeadModal({ department, onClose, onSaved }: Props) {
  const { t } = useTranslation();
  const candidates = useLeadCandidates(department.id);
  const setLead = useSetDepartmentLead();
  const errors = useServerFormErrors(FIELDS);
  const [leadUserId, setLeadUserId] = useState<string | null>(department.lead?.id ?? null);
  const label = departmentLabel(department);
  const options = (candidates.data?.items ?? []).map((u) => ({ value: u.id, label: `${u.name} (${t(`roles.${u.role}`)})` }));
  // A lead who can no longer lead the department (disabled, moved) is not offered: remove or replace them.
  const selected = options.some((o) => o.value === leadUserId) ? leadUserId : null;

  const save = (id: string | null) => {
    errors.reset();
    setLead.mutate(
      { id: department.id, leadUserId: id },
      {
        onSuccess: (saved) =>
          onSaved(
            saved.lead
              ? t('departments.leadSet', { name: saved.lead.name, department: label })
              : t('departments.leadRemoved', { department: label }),
          ),
        onError: errors.setFromError,
      },
    );
  };
  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    save(selected);
  };

  return (
    <AppModal opened onClose={onClose} title={t('departments.dialogTitle', { department: label })}>
      {candidates.isPending ? <Loading /> : null}
      {candidates.isError ? <ErrorAlert error={candidates.error} onRetry={() => void candidates.refetch()} /> : null}
      {candidates.data ? (
        <form onSubmit={onSubmit} noValidate>
          <Stack>
            <FormSummary message={errors.summary} />
            {department.lead ? (
              <Group justify="space-between">
                <Text>{t('departments.currentLead', { name: department.lead.name })}</Text>
                <Button
                  variant="outline"
                  color="red.9"
                  size="xs"
                  onClick={() => save(null)}
                  loading={setLead.isPending && setLead.variables?.leadUserId === null}
                >
                  {t('departments.removeLead')}
                </Button>
              </Group>
            ) : null}
            {options.length === 0 ? <Text>{t('departments.noCandidates')}</Text> : null}
            <Select
              label={t('departments.leadField')}
              description={t('departments.leadHelp')}
              placeholder={t('departments.leadPlaceholder')}
              name="leadUserId"
              data={options}
              value={selected}
              onChange={(value) => {
                setLeadUserId(value);
                errors.clearField('leadUserId');
              }}
              error={errors.fields.leadUserId}
              searchable
              // Focused when the dialog opens: an open list would cover the dialog's buttons.
              openOnFocus={false}
              allowDeselect={false}
              data-autofocus
            />
            <FormButtons
              onCancel={onClose}
              submit={t('common.save')}
              disabled={!selected}
              loading={setLead.isPending && setLead.variables?.leadUserId !== null}
            />
          </Stack>
        </form>
      ) : null}
    </AppModal>
  );
}
