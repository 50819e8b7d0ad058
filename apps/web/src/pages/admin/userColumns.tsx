import { ActionIcon, Badge, Menu, Text } from '@mantine/core';
import { IconDots, IconKey, IconPencil, IconUserCheck, IconUserOff } from '@tabler/icons-react';
import { createColumnHelper } from '@tanstack/react-table';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { Department, User } from '../../api/types';
import type { PagedFeatures } from '../../components/usePagedTable';
import { formatDateTime } from '../../lib/format';

const helper = createColumnHelper<PagedFeatures, User>();

export interface UserRowActions {
  onEdit: (user: User) => void;
  onToggleDisabled: (user: User) => void;
  onResetPassword: (user: User) => void;
}

export function departmentCodes(ids: string[], lookup: Map<string, Department>): string {
  return ids.map((id) => lookup.get(id)?.code ?? id).join(', ');
}

function RowMenu({ user, isSelf, actions }: { user: User; isSelf: boolean; actions: UserRowActions }) {
  const { t } = useTranslation();
  return (
    <Menu position="bottom-end" withinPortal>
      <Menu.Target>
        <ActionIcon variant="subtle" color="gray.8" aria-label={t('users.actionsFor', { name: user.name })}>
          <IconDots size={18} aria-hidden="true" />
        </ActionIcon>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Item leftSection={<IconPencil size={16} aria-hidden="true" />} onClick={() => actions.onEdit(user)}>
          {t('users.edit')}
        </Menu.Item>
        <Menu.Item leftSection={<IconKey size={16} aria-hidden="true" />} onClick={() => actions.onResetPassword(user)}>
          {t('users.resetPassword')}
        </Menu.Item>
        {isSelf ? null : (
          <Menu.Item
            leftSection={
              user.disabled ? <IconUserCheck size={16} aria-hidden="true" /> : <IconUserOff size={16} aria-hidden="true" />
            }
            onClick={() => actions.onToggleDisabled(user)}
          >
            {user.disabled ? t('users.enable') : t('users.disable')}
          </Menu.Item>
        )}
      </Menu.Dropdown>
    </Menu>
  );
}

export function useUserColumns(meId: string, lookup: Map<string, Department>, actions: UserRowActions) {
  const { t } = useTranslation();
  return useMemo(
    () =>
      helper.columns([
        helper.accessor('name', {
          header: t('users.columns.name'),
          cell: (info) => (
            <Text size="sm" fw={600} component="span">
              {info.getValue()}
              {info.row.original.id === meId ? ` ${t('users.you')}` : ''}
            </Text>
          ),
        }),
        helper.accessor('email', { header: t('users.columns.email') }),
        helper.accessor('role', {
          header: t('users.columns.role'),
          cell: (info) => t(`roles.${info.getValue()}`),
        }),
        helper.accessor('departmentIds', {
          header: t('users.columns.departments'),
          cell: (info) => departmentCodes(info.getValue(), lookup) || t('common.none'),
        }),
        helper.accessor('disabled', {
          header: t('users.columns.status'),
          cell: (info) =>
            info.getValue() ? (
              <Badge color="red.9" variant="filled">{t('users.status.disabled')}</Badge>
            ) : (
              <Badge color="teal.9" variant="filled">{t('users.status.active')}</Badge>
            ),
        }),
        helper.accessor('lastLoginAt', {
          header: t('users.columns.lastLogin'),
          cell: (info) => formatDateTime(info.getValue()) || t('common.never'),
        }),
        helper.display({
          id: 'actions',
          header: () => t('common.actions'),
          cell: (info) => <RowMenu user={info.row.original} isSelf={info.row.original.id === meId} actions={actions} />,
        }),
      ]),
    [t, meId, lookup, actions],
  );
}
