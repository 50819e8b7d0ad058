import { Alert, Button, Text } from '@mantine/core';
import { IconLock } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link, Outlet } from 'react-router';
import { useCurrentUser } from '../../auth/CurrentUser';
import { PageTitle } from '../../components/PageTitle';
import { canUseCases } from '../../lib/roles';

/** The case pages for roles with case permissions; a plain "no access" for the rest. */
export function RequireCaseAccess() {
  const { t } = useTranslation();
  const me = useCurrentUser();
  if (canUseCases(me.role)) return <Outlet />;
  return (
    <>
      <PageTitle>{t('errors.forbiddenTitle')}</PageTitle>
      <Alert color="red.9" variant="outline" icon={<IconLock aria-hidden="true" />} mb="md">
        <Text c="red.9">{t('caseload.noAccess')}</Text>
      </Alert>
      <Button component={Link} to="/" variant="outline">
        {t('errors.backHome')}
      </Button>
    </>
  );
}
