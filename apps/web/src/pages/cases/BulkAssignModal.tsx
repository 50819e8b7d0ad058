import { Button, Group, Select, Stack, Text } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useAssignees, useBulkAssign } from '../../api/cases';
import { AppModal } from '../../components/AppModal';
import { FormSummary } from '../../components/FormSummary';
import { useServerFormErrors } from '../../components/useServerFormErrors';
import { assigneeOptions, assigneeValue, COUNSELLOR_ROLES } from './assigneeOptions';

const FIELDS = ['assignedCounsellorId', 'caseIds'] as const;

interface Props {
  opened: boolean;
  caseIds: string[];
  onClose: () => void;
  onDone: (count: number) => void;
}

export function BulkAssignModal({ opened, caseIds, onClose, onDone }: Props) {
  const { t } = useTranslation();
  const assignees = useAssignees();
  const bulkAssign = useBulkAssign();
  const errors = useServerFormErrors(FIELDS);
  const [counsellor, setCounsellor] = useState<string | null>(null);
  const [missing, setMissing] = useState(false);

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    errors.reset();
    if (!counsellor) {
      setMissing(true);
      return;
    }
    bulkAssign.mutate(
      { caseIds, assignedCounsellorId: assigneeValue(counsellor) },
      {
        onSuccess: (result) => {
          setCounsellor(null);
          onDone(result.updated);
        },
        onError: errors.setFromError,
      },
    );
  };

  return (
    <AppModal opened={opened} onClose={onClose} title={t('caseload.bulk.title', { count: caseIds.length })}>
      <form onSubmit={onSubmit} noValidate>
        <Stack>
          <FormSummary message={errors.summary ?? errors.fields.caseIds ?? null} />
          <Text size="sm">{t('caseload.bulk.intro', { count: caseIds.length })}</Text>
          <Select
            label={t('caseload.bulk.counsellor')}
            placeholder={t('caseload.bulk.counsellorPlaceholder')}
            data={assigneeOptions(t, assignees.data?.items, true, COUNSELLOR_ROLES)}
            value={counsellor}
            onChange={(value) => {
              setCounsellor(value);
              setMissing(false);
              errors.clearField('assignedCounsellorId');
            }}
            error={missing ? t('errors.reason.required') : errors.fields.assignedCounsellorId}
            required
            searchable
            openOnFocus={false}
            allowDeselect={false}
            data-autofocus
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={bulkAssign.isPending}>
              {t('caseload.bulk.submit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </AppModal>
  );
}
