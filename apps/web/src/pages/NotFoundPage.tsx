import { Button, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { PageTitle } from '../components/PageTitle';

export function NotFoundPage() {
  const { t } = useTranslation();
  return (
    <>
      <PageTitle>{t('errors.notFoundTitle')}</PageTitle>
      <Text mb="md">{t('errors.notFoundText')}</Text>
      <Button component={Link} to="/" variant="outline">
        {t('errors.backHome')}
      </Button>
    </>
  );
}
