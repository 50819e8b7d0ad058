import { Button, Group, MultiSelect, Select, Stack, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { departmentOptions, useDepartments } from '../../api/departments';
import type { Role, User } from '../../api/types';
import { useCreateUser } from '../../api/users';
import { AppModal } from '../../components/AppModal';
import { FormSummary } from '../../components/FormSummary';
import { PasswordField } from '../../components/PasswordField';
import { useServerFormErrors } from '../../components/useServerFormErrors';
import { roleOptions } from '../../lib/roles';

const FIELDS = ['name', 'email', 'role', 'departmentIds', 'password'] as const;
type Field = (typeof FIELDS)[number];

const EMPTY = { name: '', email: '', role: null as Role | null, departmentIds: [] as string[], password: '' };

interface Props {
  opened: boolean;
  onClose: () => void;
  onCreated: (user: User) => void;
}

export function CreateUserModal({ opened, onClose, onCreated }: Props) {
  const { t } = useTranslation();
  const departments = useDepartments();
  const createUser = useCreateUser();
  const errors = useServerFormErrors(FIELDS);
  // Kept while the modal is closed, so an accidental close does not lose the input.
  const [form, setForm] = useState(EMPTY);

  const set = <K extends keyof typeof EMPTY>(field: K & Field, value: (typeof EMPTY)[K]) => {
    setForm((prev) => ({ ...prev, [field]: value }));
    errors.clearField(field);
  };

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    errors.reset();
    createUser.mutate(
      {
        name: form.name.trim(),
        email: form.email.trim(),
        role: (form.role ?? '') as Role,
        departmentIds: form.departmentIds,
        password: form.password,
      },
      {
        onSuccess: (user) => {
          setForm(EMPTY);
          onCreated(user);
        },
        onError: errors.setFromError,
      },
    );
  };

  return (
    <AppModal opened={opened} onClose={onClose} title={t('users.createTitle')}>
      <form onSubmit={onSubmit} noValidate>
        <Stack>
          <FormSummary message={errors.summary} />
          <TextInput
            label={t('users.fields.name')}
            name="name"
            autoComplete="off"
            required
            value={form.name}
            onChange={(e) => set('name', e.currentTarget.value)}
            error={errors.fields.name}
            data-autofocus
          />
          <TextInput
            label={t('users.fields.email')}
            name="email"
            type="email"
            autoComplete="off"
            required
            value={form.email}
            onChange={(e) => set('email', e.currentTarget.value)}
            error={errors.fields.email}
          />
          <Select
            label={t('users.fields.role')}
            name="role"
            placeholder={t('users.rolePlaceholder')}
            required
            data={roleOptions(t)}
            value={form.role}
            onChange={(value) => set('role', value as Role | null)}
            error={errors.fields.role}
            allowDeselect={false}
          />
          <MultiSelect
            label={t('users.fields.departments')}
            name="departmentIds"
            placeholder={form.departmentIds.length ? undefined : t('users.departmentsPlaceholder')}
            data={departmentOptions(departments.data)}
            value={form.departmentIds}
            onChange={(value) => set('departmentIds', value)}
            error={errors.fields.departmentIds}
            searchable
            clearable
          />
          <PasswordField
            label={t('users.fields.password')}
            name="password"
            autoComplete="new-password"
            required
            description={t('users.passwordHelp')}
            value={form.password}
            onChange={(e) => set('password', e.currentTarget.value)}
            error={errors.fields.password}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={createUser.isPending}>
              {t('common.create')}
            </Button>
          </Group>
        </Stack>
      </form>
    </AppModal>
  );
}
