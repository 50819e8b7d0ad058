import { Button, Group, Stack, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useRemoveDepartmentRule, useTriggerRules, type DepartmentTriggerRule } from '../../api/arrears';
import { isApiError } from '../../api/client';
import { AppModal } from '../../components/AppModal';
import { ConflictAlert, isVersionConflict } from '../../components/ConflictAlert';
import { ErrorAlert } from '../../components/Feedback';

/** Confirms removing a department's override (sent with its version; a stale one offers a reload). */
export function RemoveRuleModal({
  department,
  onClose,
  onRemoved,
}: {
  department: DepartmentTriggerRule;
  onClose: () => void;
  onRemoved: () => void;
}) {
  const { t } = useTranslation();
  const rules = useTriggerRules();
  const remove = useRemoveDepartmentRule();
  const [version, setVersion] = useState(department.rule?.version ?? 1);
  const [conflict, setConflict] = useState(false);

  const onConfirm = () => {
    setConflict(false);
    remove.mutate(
      { departmentId: department.departmentId, version },
      {
        onSuccess: onRemoved,
        onError: (error) => {
          if (isVersionConflict(error)) setConflict(true);
          else if (isApiError(error) && error.status === 404) {
            // Someone removed it already: the list is stale, the goal is reached.
            void rules.refetch();
            onRemoved();
          }
        },
      },
    );
  };

  return (
    <AppModal opened onClose={onClose} title={t('triggerRules.removeTitle')} size="md">
      <Stack>
        {conflict ? (
          <ConflictAlert
            onReload={async () => {
              const fresh = await rules.refetch();
              const rule = fresh.data?.departments.find((d) => d.departmentId === department.departmentId)?.rule;
              if (rule) setVersion(rule.version);
              setConflict(false);
            }}
          />
        ) : null}
        <Text>{t('triggerRules.removeConfirm', { code: department.code, name: department.name })}</Text>
        {remove.isError && !conflict && !(isApiError(remove.error) && remove.error.status === 404) ? <ErrorAlert error={remove.error} /> : null}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose} data-autofocus>
            {t('common.cancel')}
          </Button>
          <Button color="red.9" loading={remove.isPending} disabled={conflict} onClick={onConfirm}>
            {t('triggerRules.departments.remove')}
          </Button>
        </Group>
      </Stack>
    </AppModal>
  );
}
