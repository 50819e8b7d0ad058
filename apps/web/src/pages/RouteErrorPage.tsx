import { Alert, Button, Container, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { useRouteError } from 'react-router';

/** Last-resort page when rendering a route throws. */
export function RouteErrorPage() {
  const { t } = useTranslation();
  const error = useRouteError();
  const message = error instanceof Error ? error.message : String(error);
  return (
    <main id="main-content">
      <Container size="sm" py="xl">
        <Title order={1} size="h2" mb="md">
          {t('errors.generic', { message: '' }).replace(/:\s*$/, '')}
        </Title>
        <Alert color="red.9" variant="outline" mb="md">
          <Text c="red.9">{message}</Text>
        </Alert>
        <Button component="a" href="/" variant="outline">
          {t('errors.backHome')}
        </Button>
      </Container>
    </main>
  );
}
