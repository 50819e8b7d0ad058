import { Button, Group, TextInput } from '@mantine/core';
import { useDebouncedCallback } from '@mantine/hooks';
import { IconPlus, IconSearch } from '@tabler/icons-react';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { departmentCodeLookup, useDepartments } from '../../api/departments';
import type { User } from '../../api/types';
import { useUpdateUser, useUsers } from '../../api/users';
import { useCurrentUser } from '../../auth/CurrentUser';
import { DataTable } from '../../components/DataTable';
import { ErrorAlert, Loading, SuccessNotice } from '../../components/Feedback';
import { PageTitle } from '../../components/PageTitle';
import { usePagedTable, useUrlPagination } from '../../components/usePagedTable';
import { CreateUserModal } from './CreateUserModal';
import { EditUserModal } from './EditUserModal';
import { ResetPasswordModal } from './ResetPasswordModal';
import { useUserColumns, type UserRowActions } from './userColumns';

type Dialog = { kind: 'edit'; user: User } | { kind: 'reset'; user: User } | null;
const EMPTY: User[] = [];

export function UsersPage() {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const [searchParams, setSearchParams] = useSearchParams();
  const q = searchParams.get('q') ?? '';
  const [search, setSearch] = useState(q);
  const { page, pageSize, pagination, setPagination } = useUrlPagination();
  const users = useUsers({ page, pageSize, q: q || undefined });
  const departments = useDepartments();
  const updateUser = useUpdateUser();
  const [createOpen, setCreateOpen] = useState(false);
  const [dialog, setDialog] = useState<Dialog>(null);
  const [notice, setNotice] = useState<string | null>(null);

  const applySearch = useDebouncedCallback((value: string) => {
    setSearchParams((prev) => {
      const params = new URLSearchParams(prev);
      if (value.trim()) params.set('q', value.trim());
      else params.delete('q');
      params.delete('page');
      return params;
    });
  }, 300);

  const lookup = useMemo(() => departmentCodeLookup(departments.data), [departments.data]);
  const mutateUser = updateUser.mutate;
  const actions = useMemo<UserRowActions>(
    () => ({
      onEdit: (user) => setDialog({ kind: 'edit', user }),
      onResetPassword: (user) => setDialog({ kind: 'reset', user }),
      onToggleDisabled: (user) =>
        mutateUser(
          { id: user.id, disabled: !user.disabled },
          {
            onSuccess: (saved) =>
              setNotice(t(saved.disabled ? 'users.disabledNotice' : 'users.enabledNotice', { name: saved.name })),
          },
        ),
    }),
    [t, mutateUser],
  );
  const columns = useUserColumns(me.id, lookup, actions);
  const table = usePagedTable({
    columns,
    data: users.data?.items ?? EMPTY,
    total: users.data?.total ?? 0,
    pagination,
    onPaginationChange: setPagination,
    getRowId: (user) => user.id,
  });

  return (
    <>
      <PageTitle>{t('users.title')}</PageTitle>
      <SuccessNotice message={notice} onClose={() => setNotice(null)} />
      {updateUser.isError ? <ErrorAlert error={updateUser.error} /> : null}
      <Group justify="space-between" align="flex-end" mb="md">
        <form
          role="search"
          onSubmit={(e) => {
            e.preventDefault();
            applySearch.flush();
          }}
        >
          <TextInput
            label={t('users.search')}
            description={t('users.searchHelp')}
            type="search"
            name="q"
            leftSection={<IconSearch size={16} aria-hidden="true" />}
            value={search}
            onChange={(e) => {
              setSearch(e.currentTarget.value);
              applySearch(e.currentTarget.value);
            }}
            w={320}
          />
        </form>
        <Button leftSection={<IconPlus size={16} aria-hidden="true" />} onClick={() => setCreateOpen(true)}>
          {t('users.create')}
        </Button>
      </Group>

      {users.isPending ? <Loading /> : null}
      {users.isError ? <ErrorAlert error={users.error} onRetry={() => void users.refetch()} /> : null}
      {users.data ? <DataTable table={table} label={t('users.tableLabel')} fetching={users.isPlaceholderData} /> : null}

      <CreateUserModal
        opened={createOpen}
        onClose={() => setCreateOpen(false)}
        onCreated={(user) => {
          setCreateOpen(false);
          setNotice(t('users.created', { name: user.name }));
        }}
      />
      {dialog?.kind === 'edit' ? (
        <EditUserModal
          key={dialog.user.id}
          user={dialog.user}
          onClose={() => setDialog(null)}
          onSaved={(user) => {
            setDialog(null);
            setNotice(t('users.updated', { name: user.name }));
          }}
        />
      ) : null}
      {dialog?.kind === 'reset' ? (
        <ResetPasswordModal
          key={dialog.user.id}
          user={dialog.user}
          onClose={() => setDialog(null)}
          onDone={() => {
            setNotice(t('users.passwordResetNotice', { name: dialog.user.name }));
            setDialog(null);
          }}
        />
      ) : null}
    </>
  );
}
