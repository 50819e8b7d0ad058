import { Button, Group, Stack } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { User } from '../../api/types';
import { useResetPassword } from '../../api/users';
import { AppModal } from '../../components/AppModal';
import { FormSummary } from '../../components/FormSummary';
import { PasswordField } from '../../components/PasswordField';
import { useServerFormErrors } from '../../components/useServerFormErrors';

const FIELDS = ['password'] as const;

export function ResetPasswordModal({ user, onClose, onDone }: { user: User; onClose: () => void; onDone: () => void }) {
  const { t } = useTranslation();
  const resetPassword = useResetPassword();
  const errors = useServerFormErrors(FIELDS);
  const [password, setPassword] = useState('');

  const onSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    errors.reset();
    resetPassword.mutate({ id: user.id, password }, { onSuccess: onDone, onError: errors.setFromError });
  };

  return (
    <AppModal opened onClose={onClose} title={t('users.resetTitle', { name: user.name })}>
      <form onSubmit={onSubmit} noValidate>
        <Stack>
          <FormSummary message={errors.summary} />
          <PasswordField
            label={t('users.fields.newPassword')}
            name="password"
            autoComplete="new-password"
            required
            description={t('users.passwordHelp')}
            value={password}
            onChange={(e) => {
              setPassword(e.currentTarget.value);
              errors.clearField('password');
            }}
            error={errors.fields.password}
            data-autofocus
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={resetPassword.isPending}>
              {t('common.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </AppModal>
  );
}
