import { Alert, Button, Text } from '@mantine/core';
import { IconLock } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link, Outlet } from 'react-router';
import { useCurrentUser } from '../auth/CurrentUser';
import { PageTitle } from '../components/PageTitle';

export function ForbiddenPage() {
  const { t } = useTranslation();
  return (
    <>
      <PageTitle>{t('errors.forbiddenTitle')}</PageTitle>
      <Alert color="red.9" variant="outline" icon={<IconLock aria-hidden="true" />} mb="md" data-testid="forbidden">
        <Text c="red.9">{t('errors.forbiddenText')}</Text>
      </Alert>
      <Button component={Link} to="/" variant="outline">
        {t('errors.backHome')}
      </Button>
    </>
  );
}

/** Renders the admin routes for admins and a 403 notice for everyone else. */
export function RequireAdmin() {
  const me = useCurrentUser();
  return me.role === 'admin' ? <Outlet /> : <ForbiddenPage />;
}
