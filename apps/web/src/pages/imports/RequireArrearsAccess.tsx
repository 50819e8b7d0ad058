import { Alert, Button, Text } from '@mantine/core';
import { IconLock } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link, Outlet } from 'react-router';
import { useCurrentUser } from '../../auth/CurrentUser';
import { PageTitle } from '../../components/PageTitle';
import { canUseArrears } from '../../lib/roles';

/** The arrears import pages for admins and property managers; a plain "no access" for the rest. */
export function RequireArrearsAccess() {
  const { t } = useTranslation();
  const me = useCurrentUser();
  if (canUseArrears(me.role)) return <Outlet />;
  return (
    <>
      <PageTitle>{t('errors.forbiddenTitle')}</PageTitle>
      <Alert color="red.9" variant="outline" icon={<IconLock aria-hidden="true" />} mb="md" data-testid="forbidden">
        <Text c="red.9">{t('imports.noAccess')}</Text>
      </Alert>
      <Button component={Link} to="/" variant="outline">
        {t('errors.backHome')}
      </Button>
    </>
  );
}
