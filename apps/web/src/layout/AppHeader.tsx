import { Burger, Button, Group, Text, VisuallyHidden } from '@mantine/core';
import { useQueryClient } from '@tanstack/react-query';
import { IconLogout } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { useLogout } from '../api/auth';
import { useCurrentUser } from '../auth/CurrentUser';
import { loginPath } from '../auth/redirect';
import { LanguageToggle } from './LanguageToggle';
import { NotificationBell } from './NotificationBell';
import classes from './layout.module.css';

interface AppHeaderProps {
  navOpened: boolean;
  onToggleNav: () => void;
}

export function AppHeader({ navOpened, onToggleNav }: AppHeaderProps) {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const logout = useLogout();
  const navigate = useNavigate();
  const queryClient = useQueryClient();

  const onLogout = async () => {
    try {
      await logout.mutateAsync();
    } catch {
      // Even if the server call fails, leave the app; the login page is the safe place.
    }
    await navigate(loginPath(undefined, 'logged_out'), { replace: true });
    queryClient.clear();
  };

  return (
    <Group h="100%" px="md" justify="space-between" wrap="nowrap">
      <Group gap="sm" wrap="nowrap">
        <Burger
          opened={navOpened}
          onClick={onToggleNav}
          hiddenFrom="sm"
          size="sm"
          aria-label={t('nav.openMenu')}
          aria-expanded={navOpened}
          aria-controls="app-navbar"
        />
        <Link to="/" className={classes.brand}>
          {t('app.name')}
        </Link>
      </Group>
      <Group gap="sm" wrap="nowrap">
        <Text size="sm" visibleFrom="sm" data-testid="current-user">
          <VisuallyHidden>{t('header.userLabel')} </VisuallyHidden>
          <strong>{me.name}</strong> · {t(`roles.${me.role}`)}
        </Text>
        <NotificationBell />
        <LanguageToggle />
        <Button
          variant="default"
          size="xs"
          leftSection={<IconLogout size={16} aria-hidden="true" />}
          onClick={() => void onLogout()}
          loading={logout.isPending}
        >
          {t('header.logout')}
        </Button>
      </Group>
    </Group>
  );
}
