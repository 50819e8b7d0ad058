import { ActionIcon, Anchor, Box, Button, Group, Loader, Popover, Stack, Text, Title, VisuallyHidden } from '@mantine/core';
import { IconBell, IconChecks } from '@tabler/icons-react';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import {
  useMarkAllNotificationsRead,
  useMarkNotificationRead,
  useNotifications,
  useUnreadCount,
  type AppNotification,
} from '../api/notifications';
import { ErrorAlert } from '../components/Feedback';
import { formatDateTime, formatTimeAgo } from '../lib/format';
import { notificationHref } from '../lib/notifications';
import { notificationTitle } from '../lib/notificationText';
import classes from './layout.module.css';

/** How many of the latest notifications the bell shows; the rest are on /notifications. */
const LATEST = 8;

/**
 * The bell in the header: the unread count (polled every minute and on window focus) and, when opened, the
 * latest notifications, each leading to its case or the week's escalations and marked read on the way.
 */
export function NotificationBell() {
  const { t } = useTranslation();
  const [opened, setOpened] = useState(false);
  const count = useUnreadCount();
  const unread = count.data?.unread ?? 0;
  const headingId = useId();
  const label = unread === 0 ? t('notifications.bellNone') : t('notifications.bellLabel', { count: unread });

  return (
    <Popover opened={opened} onChange={setOpened} position="bottom-end" width={400} shadow="md" trapFocus returnFocus withinPortal>
      <Popover.Target>
        <ActionIcon
          variant="default"
          size="lg"
          aria-label={label}
          onClick={() => setOpened((o) => !o)}
          className={classes.bell}
          data-testid="notification-bell"
          data-unread={unread}
        >
          <IconBell size={20} aria-hidden="true" />
          {unread > 0 ? (
            <span className={classes.bellBadge} aria-hidden="true">
              {unread > 99 ? '99+' : unread}
            </span>
          ) : null}
        </ActionIcon>
      </Popover.Target>
      <Popover.Dropdown aria-labelledby={headingId} p={0} data-testid="notification-popover">
        {opened ? <BellContent headingId={headingId} unread={unread} onDone={() => setOpened(false)} /> : null}
      </Popover.Dropdown>
    </Popover>
  );
}

function BellContent({ headingId, unread, onDone }: { headingId: string; unread: number; onDone: () => void }) {
  const { t, i18n } = useTranslation();
  const latest = useNotifications({ page: 1, pageSize: LATEST });
  const markRead = useMarkNotificationRead();
  const markAll = useMarkAllNotificationsRead();
  const items = latest.data?.items ?? [];

  const open = (n: AppNotification) => {
    if (!n.readAt) markRead.mutate(n.id);
    onDone();
  };

  return (
    <>
      <Group justify="space-between" wrap="nowrap" px="md" py="xs" className={classes.bellHeader}>
        <Title order={2} size="h5" id={headingId}>
          {t('notifications.popoverTitle')}
        </Title>
        <Button
          size="compact-xs"
          variant="subtle"
          leftSection={<IconChecks size={14} aria-hidden="true" />}
          disabled={unread === 0 && !items.some((n) => !n.readAt)}
          loading={markAll.isPending}
          onClick={() => markAll.mutate()}
        >
          {t('notifications.markAllRead')}
        </Button>
      </Group>
      <Box className={classes.bellList}>
        {latest.isPending ? (
          <Group role="status" gap="xs" p="md">
            <Loader size="xs" />
            <Text size="sm">{t('app.loading')}</Text>
          </Group>
        ) : null}
        {latest.isError ? (
          <Box px="md">
            <ErrorAlert error={latest.error} onRetry={() => void latest.refetch()} />
          </Box>
        ) : null}
        {latest.data && items.length === 0 ? (
          <Text size="sm" p="md">
            {t('notifications.empty')}
          </Text>
        ) : null}
        {items.length > 0 ? (
          <ul className={classes.bellItems} aria-labelledby={headingId}>
            {items.map((n) => {
              const href = notificationHref(n);
              const ago = formatTimeAgo(n.createdAt, i18n.resolvedLanguage ?? 'da');
              const unreadItem = !n.readAt;
              const text = (
                <>
                  {unreadItem ? <VisuallyHidden>{t('notifications.unreadMark')}: </VisuallyHidden> : null}
                  {notificationTitle(t, n)}
                </>
              );
              return (
                <li key={n.id} className={classes.bellItem} data-unread={unreadItem || undefined} data-testid="bell-item">
                  {unreadItem ? (
                    <span className={classes.unreadDot} aria-hidden="true" />
                  ) : (
                    <span className={classes.readDot} aria-hidden="true" />
                  )}
                  <Stack gap={2} style={{ minWidth: 0 }}>
                    {href ? (
                      <Anchor component={Link} to={href} size="sm" fw={unreadItem ? 700 : 400} onClick={() => open(n)}>
                        {text}
                      </Anchor>
                    ) : (
                      <Text size="sm" fw={unreadItem ? 700 : 400}>
                        {text}
                      </Text>
                    )}
                    <Text size="xs" c="dimmed">
                      <time dateTime={n.createdAt} title={formatDateTime(n.createdAt)}>
                        {ago ?? formatDateTime(n.createdAt)}
                      </time>
                    </Text>
                  </Stack>
                </li>
              );
            })}
          </ul>
        ) : null}
      </Box>
      <Box px="md" py="xs" className={classes.bellFooter}>
        <Anchor component={Link} to="/notifications" size="sm" onClick={onDone}>
          {t('notifications.seeAll')}
        </Anchor>
      </Box>
    </>
  );
}
