import { Alert, Button, Container, Group, Paper, Stack, Text, TextInput } from '@mantine/core';
import { IconAlertTriangle, IconInfoCircle } from '@tabler/icons-react';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import { useLogin } from '../api/auth';
import { isApiError } from '../api/client';
import { safeNext } from '../auth/redirect';
import { PageTitle } from '../components/PageTitle';
import { PasswordField } from '../components/PasswordField';
import { LanguageToggle } from '../layout/LanguageToggle';
import { MAIN_ID, SkipLink } from '../layout/SkipLink';
import { errorMessage, formErrorsFrom } from '../lib/errors';
import classes from '../layout/layout.module.css';

function useLoginError(error: unknown): string | null {
  const { t } = useTranslation();
  if (!error) return null;
  if (isApiError(error)) {
    if (error.status === 401) return t('login.invalidCredentials');
    if (error.status === 429) {
      const seconds = Number(error.body.retryAfterSeconds);
      return Number.isFinite(seconds) && seconds > 0
        ? t('login.tooManyAttempts', { count: Math.ceil(seconds) })
        : t('login.tooManyAttemptsLater');
    }
    if (error.status === 422 || error.status === 400) return null;
  }
  return errorMessage(t, error);
}

export function LoginPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [searchParams] = useSearchParams();
  const login = useLogin();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');

  const reason = searchParams.get('reason');
  const next = safeNext(searchParams.get('next'));
  const fieldErrors = formErrorsFrom(t, login.error, ['email', 'password'] as const);
  const loginError = useLoginError(login.error) ?? fieldErrors.summary;

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    login.mutate(
      { email: email.trim(), password },
      { onSuccess: () => void navigate(next, { replace: true }) },
    );
  };

  return (
    <>
      <SkipLink />
      <header>
        <Group justify="space-between" px="md" h={60}>
          <Text component="span" className={classes.brand}>
            {t('app.name')}
          </Text>
          <LanguageToggle />
        </Group>
      </header>
      <main id={MAIN_ID} tabIndex={-1} className={classes.main}>
        <Container size={420} py="xl">
          <PageTitle>{t('login.title')}</PageTitle>
          <Text mb="md">{t('login.intro')}</Text>
          {reason === 'expired' && !login.error ? (
            <Alert role="status" color="blue.9" variant="outline" icon={<IconInfoCircle aria-hidden="true" />} mb="md">
              <Text c="blue.9">{t('login.sessionExpired')}</Text>
            </Alert>
          ) : null}
          {reason === 'logged_out' && !login.error ? (
            <Alert role="status" color="gray.8" variant="outline" mb="md">
              <Text>{t('login.loggedOut')}</Text>
            </Alert>
          ) : null}
          {loginError ? (
            <Alert role="alert" color="red.9" variant="outline" icon={<IconAlertTriangle aria-hidden="true" />} mb="md">
              <Text c="red.9">{loginError}</Text>
            </Alert>
          ) : null}
          <Paper withBorder p="lg" radius="md">
            <form onSubmit={onSubmit} noValidate>
              <Stack>
                <TextInput
                  label={t('login.email')}
                  name="email"
                  type="email"
                  autoComplete="username"
                  inputMode="email"
                  required
                  withAsterisk={false}
                  value={email}
                  onChange={(e) => setEmail(e.currentTarget.value)}
                  error={fieldErrors.fields.email}
                  data-autofocus
                />
                <PasswordField
                  label={t('login.password')}
                  name="password"
                  autoComplete="current-password"
                  required
                  withAsterisk={false}
                  value={password}
                  onChange={(e) => setPassword(e.currentTarget.value)}
                  error={fieldErrors.fields.password}
                />
                <Button type="submit" loading={login.isPending} fullWidth>
                  {t('login.submit')}
                </Button>
              </Stack>
            </form>
          </Paper>
        </Container>
      </main>
    </>
  );
}
