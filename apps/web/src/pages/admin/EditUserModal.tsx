import { Button, Group, MultiSelect, Select, Stack, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { departmentOptions, useDepartments } from '../../api/departments';
import type { Role, User } from '../../api/types';
import { useUpdateUser } from '../../api/users';
import { AppModal } from '../../components/AppModal';
import { FormSummary } from '../../components/FormSummary';
import { useServerFormErrors } from '../../components/useServerFormErrors';
import { roleOptions } from '../../lib/roles';

const FIELDS = ['name', 'role', 'departmentIds'] as const;

interface Props {
  user: User;
  onClose: () => void;
  onSaved: (user: User) => void;
}

/** Edit name, role and departments. Mount with a `key` of the user id so the form starts from that user. */
export function EditUserModal({ user, onClose, onSaved }: Props) {
  const { t } = useTranslation();
  const departments = useDepartments();
  const updateUser = useUpdateUser();
  const errors = useServerFormErrors(FIELDS);
  const [name, setName] = useState(user.name);
  const [role, setRole] = useState<Role>(user.role);
  const [departmentIds, setDepartmentIds] = useState<string[]>(user.departmentIds);

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    errors.reset();
    updateUser.mutate(
      { id: user.id, name: name.trim(), role, departmentIds },
      { onSuccess: onSaved, onError: errors.setFromError },
    );
  };

  return (
    <AppModal opened onClose={onClose} title={t('users.editTitle', { name: user.name })}>
      <form onSubmit={onSubmit} noValidate>
        <Stack>
          <FormSummary message={errors.summary} />
          <TextInput
            label={t('users.fields.name')}
            name="name"
            autoComplete="off"
            required
            value={name}
            onChange={(e) => {
              setName(e.currentTarget.value);
              errors.clearField('name');
            }}
            error={errors.fields.name}
          />
          <Select
            label={t('users.fields.role')}
            name="role"
            required
            data={roleOptions(t)}
            value={role}
            onChange={(value) => {
              if (value) setRole(value as Role);
              errors.clearField('role');
            }}
            error={errors.fields.role}
            allowDeselect={false}
            data-autofocus
          />
          <MultiSelect
            label={t('users.fields.departments')}
            name="departmentIds"
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
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={updateUser.isPending}>
              {t('common.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </AppModal>
  );
}
