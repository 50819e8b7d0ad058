import { Alert, Button, Text } from '@mantine/core';
import { IconLock } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link, Outlet } from 'react-router';
import { usePermissions, type UiPermission } from '../lib/permissions';
import { PageTitle } from './PageTitle';

/** Renders the child routes for users with the permission, and a plain "no access" page for the rest. */
export function RequirePermission({ permission }: { permission: UiPermission }) {
  const { t } = useTranslation();
  const { can } = usePermissions();
  if (can(permission)) return <Outlet />;
  return (
    <>
      <PageTitle>{t('errors.forbiddenTitle')}</PageTitle>
      <Alert color="red.9" variant="outline" icon={<IconLock aria-hidden="true" />} mb="md" data-testid="forbidden">
        <Text c="red.9">{t('partners.noAccess')}</Text>
      </Alert>
      <Button component={Link} to="/" variant="outline">
        {t('errors.backHome')}
      </Button>
    </>
  );
}
