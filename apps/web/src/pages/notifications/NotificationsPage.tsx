import { Button, Group, Input, Paper, SegmentedControl, Switch, Text, Title } from '@mantine/core';
import { IconChecks } from '@tabler/icons-react';
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import {
  useMarkAllNotificationsRead,
  useMarkNotificationRead,
  useNotifications,
  useNotificationSettings,
  useSaveNotificationSettings,
  type AppNotification,
} from '../../api/notifications';
import { DataTable } from '../../components/DataTable';
import { ErrorAlert, Loading, SuccessNotice } from '../../components/Feedback';
import { PageTitle } from '../../components/PageTitle';
import { usePagedTable, useUrlPagination } from '../../components/usePagedTable';
import { useNotificationColumns } from './notificationColumns';

const EMPTY: AppNotification[] = [];
const FILTERS = ['all', 'unread'] as const;
type Filter = (typeof FILTERS)[number];

/** All of the user's notifications, paged, with the unread filter in the URL (?unread=true), and the e-mail choice. */
export function NotificationsPage() {
  const { t } = useTranslation();
  const [searchParams, setSearchParams] = useSearchParams();
  const onlyUnread = searchParams.get('unread') === 'true';
  const { page, pageSize, pagination, setPagination } = useUrlPagination();
  const list = useNotifications({ page, pageSize, unread: onlyUnread });
  const markRead = useMarkNotificationRead();
  const markAll = useMarkAllNotificationsRead();
  const [notice, setNotice] = useState<string | null>(null);

  const onOpen = useCallback(
    (n: AppNotification) => {
      if (!n.readAt) markRead.mutate(n.id);
    },
    [markRead],
  );
  const onMarkRead = useCallback(
    (n: AppNotification) => {
      setNotice(null);
      markRead.mutate(n.id, { onSuccess: () => setNotice(t('notifications.markedRead')) });
    },
    [markRead, t],
  );
  const columns = useNotificationColumns({ onOpen, onMarkRead, pendingId: markRead.isPending ? (markRead.variables ?? null) : null });
  const table = usePagedTable({
    columns,
    data: list.data?.items ?? EMPTY,
    total: list.data?.total ?? 0,
    pagination,
    onPaginationChange: setPagination,
    getRowId: (n) => n.id,
  });

  const setFilter = (value: string) => {
    setSearchParams((prev) => {
      const params = new URLSearchParams(prev);
      if (value === 'unread') params.set('unread', 'true');
      else params.delete('unread');
      params.delete('page');
      return params;
    });
  };

  const unread = list.data?.unread ?? 0;
  const filter: Filter = onlyUnread ? 'unread' : 'all';

  return (
    <>
      <PageTitle>{t('notifications.title')}</PageTitle>
      <EmailPreference />
      <SuccessNotice message={notice} onClose={() => setNotice(null)} />

      <Group justify="space-between" align="flex-end" mb="sm" wrap="wrap">
        <Input.Wrapper label={t('notifications.filter.label')} id="notification-filter" labelElement="div">
          <SegmentedControl
            aria-labelledby="notification-filter-label"
            data={FILTERS.map((value) => ({ value, label: t(`notifications.filter.${value}`) }))}
            value={filter}
            onChange={setFilter}
          />
        </Input.Wrapper>
        <Group gap="sm" align="center">
          <Text size="sm" data-testid="unread-summary">
            {unread === 0 ? t('notifications.unreadNone') : t('notifications.unreadSummary', { count: unread })}
          </Text>
          <Button
            variant="default"
            size="xs"
            leftSection={<IconChecks size={16} aria-hidden="true" />}
            disabled={unread === 0}
            loading={markAll.isPending}
            onClick={() => {
              setNotice(null);
              markAll.mutate(undefined, { onSuccess: () => setNotice(t('notifications.allMarkedRead')) });
            }}
          >
            {t('notifications.markAllRead')}
          </Button>
        </Group>
      </Group>

      {list.isPending ? <Loading /> : null}
      {list.isError ? <ErrorAlert error={list.error} onRetry={() => void list.refetch()} /> : null}
      {markRead.isError ? <ErrorAlert error={markRead.error} /> : null}
      {markAll.isError ? <ErrorAlert error={markAll.error} /> : null}
      {list.data ? <DataTable table={table} label={t('notifications.tableLabel')} fetching={list.isPlaceholderData} /> : null}
    </>
  );
}

/** "Send også påmindelser på e-mail": saved as soon as it is switched. */
function EmailPreference() {
  const { t } = useTranslation();
  const settings = useNotificationSettings();
  const save = useSaveNotificationSettings();
  const [saved, setSaved] = useState<string | null>(null);
  const checked = save.isPending && save.variables ? save.variables.notifyByEmail : (settings.data?.notifyByEmail ?? false);

  return (
    <Paper withBorder p="md" mb="md" component="section" aria-labelledby="notification-email-title" maw={720}>
      <Title order={2} size="h5" mb="xs" id="notification-email-title">
        {t('notifications.email.title')}
      </Title>
      {settings.isPending ? <Loading /> : null}
      {settings.isError ? <ErrorAlert error={settings.error} onRetry={() => void settings.refetch()} /> : null}
      {settings.data ? (
        <Switch
          label={t('notifications.email.label')}
          description={t('notifications.email.help')}
          checked={checked}
          onChange={(e) => {
            const notifyByEmail = e.currentTarget.checked;
            if (save.isPending) return;
            setSaved(null);
            save.mutate(
              { notifyByEmail },
              { onSuccess: (s) => setSaved(s.notifyByEmail ? t('notifications.email.savedOn') : t('notifications.email.savedOff')) },
            );
          }}
          data-testid="email-preference"
        />
      ) : null}
      <Text size="sm" mt={saved ? 'xs' : 0} role="status" aria-live="polite" c="teal.9">
        {saved}
      </Text>
      {save.isError ? <ErrorAlert error={save.error} /> : null}
    </Paper>
  );
}
