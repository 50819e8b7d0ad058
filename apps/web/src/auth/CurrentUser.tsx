import { createContext, useContext, type ReactNode } from 'react';
import { Navigate, useLocation } from 'react-router';
import { useMe } from '../api/auth';
import { isApiError } from '../api/client';
import type { Me } from '../api/types';
import { ErrorAlert, Loading } from '../components/Feedback';
import { loginPath } from './redirect';

const CurrentUserContext = createContext<Me | null>(null);

/** The signed-in user; only valid below <RequireAuth>. */
export function useCurrentUser(): Me {
  const me = useContext(CurrentUserContext);
  if (!me) throw new Error('useCurrentUser must be used below <RequireAuth>');
  return me;
}

/** Loads GET /auth/me; sends the visitor to /login (remembering the page) when there is no session. */
export function RequireAuth({ children }: { children: ReactNode }) {
  const location = useLocation();
  const me = useMe();

  if (me.isPending) {
    return (
      <main id="main-content" style={{ padding: 16 }}>
        <Loading />
      </main>
    );
  }
  if (me.isError) {
    if (isApiError(me.error) && me.error.status === 401) {
      const here = `${location.pathname}${location.search}${location.hash}`;
      const reason = me.error.code === 'session_expired' ? 'expired' : undefined;
      return <Navigate to={loginPath(here, reason)} replace />;
    }
    return (
      <main id="main-content" style={{ padding: 16 }}>
        <ErrorAlert error={me.error} onRetry={() => void me.refetch()} />
      </main>
    );
  }
  return <CurrentUserContext.Provider value={me.data}>{children}</CurrentUserContext.Provider>;
}
