import { Button, Group, MultiSelect, Stack, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useCreateApiKey, type CreatedApiKey } from '../../api/apiKeys';
import { departmentOptions, useDepartments } from '../../api/departments';
import { API_KEY_SCOPES } from '../../api/types';
import { AppModal } from '../../components/AppModal';
import { FormSummary } from '../../components/FormSummary';
import { useServerFormErrors } from '../../components/useServerFormErrors';

const FIELDS = ['name', 'departmentIds', 'scopes'] as const;
const SCOPE_LABEL_KEYS = { 'arrears:write': 'apiKeys.scope.arrearsWrite' } as const;

interface Props {
  opened: boolean;
  onClose: () => void;
  onCreated: (created: CreatedApiKey) => void;
}

export function CreateApiKeyModal({ opened, onClose, onCreated }: Props) {
  const { t } = useTranslation();
  const departments = useDepartments();
  const createKey = useCreateApiKey();
  const errors = useServerFormErrors(FIELDS);
  const [name, setName] = useState('');
  const [departmentIds, setDepartmentIds] = useState<string[]>([]);
  const [scopes, setScopes] = useState<string[]>([...API_KEY_SCOPES]);

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    errors.reset();
    createKey.mutate(
      { name: name.trim(), departmentIds, scopes },
      {
        onSuccess: (created) => {
          setName('');
          setDepartmentIds([]);
          setScopes([...API_KEY_SCOPES]);
          onCreated(created);
        },
        onError: errors.setFromError,
      },
    );
  };

  return (
    <AppModal opened={opened} onClose={onClose} title={t('apiKeys.createTitle')}>
      <form onSubmit={onSubmit} noValidate>
        <Stack>
          <FormSummary message={errors.summary} />
          <TextInput
            label={t('apiKeys.fields.name')}
            name="name"
            autoComplete="off"
            required
            value={name}
            onChange={(e) => {
              setName(e.currentTarget.value);
              errors.clearField('name');
            }}
            error={errors.fields.name}
            data-autofocus
          />
          <MultiSelect
            label={t('apiKeys.fields.departments')}
            name="departmentIds"
            required
            placeholder={departmentIds.length ? undefined : t('users.departmentsPlaceholder')}
            data={departmentOptions(departments.data)}
            value={departmentIds}
            onChange={(value) => {
              setDepartmentIds(value);
              errors.clearField('departmentIds');
            }}
            error={errors.fields.departmentIds}
            searchable
            clearable
          />
          <MultiSelect
            label={t('apiKeys.fields.scopes')}
            name="scopes"
            required
            data={API_KEY_SCOPES.map((scope) => ({ value: scope, label: t(SCOPE_LABEL_KEYS[scope]) }))}
            value={scopes}
            onChange={(value) => {
              setScopes(value);
              errors.clearField('scopes');
            }}
            error={errors.fields.scopes}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={createKey.isPending}>
              {t('common.create')}
            </Button>
          </Group>
        </Stack>
      </form>
    </AppModal>
  );
}
