import '@mantine/core/styles.css';
import './styles.css';
import './i18n';
import { MantineProvider } from '@mantine/core';
import { QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { RouterProvider } from 'react-router/dom';
import { setSessionExpiredHandler } from './api/client';
import { queryClient } from './api/queryClient';
import { loginPath } from './auth/redirect';
import { router } from './router';
import { cssVariablesResolver, theme } from './theme';

// Any 401 from an authenticated call: go to /login with a notice, remembering where the user was.
let redirecting = false;
setSessionExpiredHandler(() => {
  const { pathname, search, hash } = router.state.location;
  if (redirecting || pathname === '/login') return;
  redirecting = true;
  void Promise.resolve(router.navigate(loginPath(`${pathname}${search}${hash}`, 'expired'), { replace: true })).finally(
    () => {
      queryClient.clear();
      redirecting = false;
    },
  );
});

// After a deploy, a tab opened on the previous build asks for page chunks that no longer exist: load the page it was
// going to once more, from the new build. A second failure of the same page in this tab is a real error and shows
// the route error page.
window.addEventListener('vite:preloadError', (event) => {
  const pending = router.state.navigation.location;
  const target = pending ? `${pending.pathname}${pending.search}${pending.hash}` : `${window.location.pathname}${window.location.search}${window.location.hash}`;
  const key = 'forebyg:chunk-reload';
  if (sessionStorage.getItem(key) === target) return;
  sessionStorage.setItem(key, target);
  event.preventDefault();
  window.location.assign(target);
});

const rootElement = document.getElementById('root');
if (!rootElement) throw new Error('Missing #root element');

createRoot(rootElement).render(
  <StrictMode>
    <MantineProvider theme={theme} cssVariablesResolver={cssVariablesResolver} defaultColorScheme="light">
      <QueryClientProvider client={queryClient}>
        <RouterProvider router={router} />
      </QueryClientProvider>
    </MantineProvider>
  </StrictMode>,
);
