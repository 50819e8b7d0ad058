import { AppShell } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useTranslation } from 'react-i18next';
import { Outlet, useNavigation } from 'react-router';
import { Loading } from '../components/Feedback';
import { AppHeader } from './AppHeader';
import { AppNavbar } from './AppNavbar';
import { MAIN_ID, SkipLink } from './SkipLink';
import classes from './layout.module.css';

export function AppLayout() {
  const { t } = useTranslation();
  const [opened, { toggle, close }] = useDisclosure(false);
  // The router only waits on the first visit to a lazy page (its chunk, see router.tsx): show that it's coming.
  const loadingPage = useNavigation().state === 'loading';

  return (
    <>
      <SkipLink />
      <AppShell
        header={{ height: 60 }}
        navbar={{ width: 240, breakpoint: 'sm', collapsed: { mobile: !opened } }}
        padding="md"
      >
        <AppShell.Header>
          <AppHeader navOpened={opened} onToggleNav={toggle} />
        </AppShell.Header>
        <AppShell.Navbar id="app-navbar" p="xs" aria-label={t('nav.label')}>
          <AppNavbar onNavigate={close} />
        </AppShell.Navbar>
        <AppShell.Main id={MAIN_ID} tabIndex={-1} className={classes.main}>
          {loadingPage ? <Loading /> : <Outlet />}
        </AppShell.Main>
      </AppShell>
    </>
  );
}
