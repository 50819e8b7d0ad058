import { Anchor, Badge, Button, Text } from '@mantine/core';
import { IconCheck } from '@tabler/icons-react';
import { createColumnHelper } from '@tanstack/react-table';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { isEscalationKind, type AppNotification } from '../../api/notifications';
import type { PagedFeatures } from '../../components/usePagedTable';
import { formatDateTime } from '../../lib/format';
import { notificationHref } from '../../lib/notifications';
import { notificationTitle } from '../../lib/notificationText';

const helper = createColumnHelper<PagedFeatures, AppNotification>();

export interface NotificationColumnOptions {
  onOpen: (n: AppNotification) => void;
  onMarkRead: (n: AppNotification) => void;
  /** The notification being marked read right now. */
  pendingId: string | null;
}

export function useNotificationColumns({ onOpen, onMarkRead, pendingId }: NotificationColumnOptions) {
  const { t } = useTranslation();
  return useMemo(
    () =>
      helper.columns([
        helper.display({
          id: 'status',
          header: () => t('notifications.columns.status'),
          cell: ({ row }) =>
            row.original.readAt ? (
              <Text size="sm" component="span" c="dimmed">
                {t('notifications.readMark')}
              </Text>
            ) : (
              <Badge color="blue.8" variant="filled" tt="none">
                {t('notifications.unreadMark')}
              </Badge>
            ),
        }),
        helper.accessor('title', {
          header: t('notifications.columns.title'),
          cell: ({ row }) => {
            const n = row.original;
            const href = notificationHref(n);
            const weight = n.readAt ? 400 : 700;
            const title = notificationTitle(t, n);
            return href ? (
              <Anchor component={Link} to={href} size="sm" fw={weight} onClick={() => onOpen(n)}>
                {title}
              </Anchor>
            ) : (
              <Text size="sm" fw={weight}>
                {title}
              </Text>
            );
          },
        }),
        helper.display({
          id: 'case',
          header: () => t('notifications.columns.case'),
          cell: ({ row }) => {
            const n = row.original;
            if (isEscalationKind(n.kind)) {
              const count = typeof n.data.caseCount === 'number' ? n.data.caseCount : null;
              return count === null ? t('common.none') : t('notifications.caseCount', { count });
            }
            return n.caseNumber ?? t('common.none');
          },
        }),
        helper.accessor('createdAt', {
          header: t('notifications.columns.createdAt'),
          cell: (info) => <span style={{ whiteSpace: 'nowrap' }}>{formatDateTime(info.getValue())}</span>,
        }),
        helper.display({
          id: 'actions',
          header: () => t('common.actions'),
          cell: ({ row }) => {
            const n = row.original;
            if (n.readAt) return null;
            return (
              <Button
                size="compact-xs"
                variant="subtle"
                leftSection={<IconCheck size={14} aria-hidden="true" />}
                aria-label={t('notifications.markReadLabel', { title: notificationTitle(t, n) })}
                loading={pendingId === n.id}
                onClick={() => onMarkRead(n)}
              >
                {t('notifications.markRead')}
              </Button>
            );
          },
        }),
      ]),
    [t, onOpen, onMarkRead, pendingId],
  );
}
