import type { ComponentType, ReactNode } from 'react';
import { createBrowserRouter, Outlet } from 'react-router';
import { RequireAuth } from './auth/CurrentUser';
import { Loading } from './components/Feedback';
import { RequirePermission } from './components/RequirePermission';
import { AppLayout } from './layout/AppLayout';
import { RequireAdmin } from './pages/ForbiddenPage';
import { CaseloadPage } from './pages/cases/CaseloadPage';
import { RequireCaseAccess } from './pages/cases/RequireCaseAccess';
import { HomePage } from './pages/HomePage';
import { RequireArrearsAccess } from './pages/imports/RequireArrearsAccess';
import { LoginPage } from './pages/LoginPage';
import { NotFoundPage } from './pages/NotFoundPage';
import { RouteErrorPage } from './pages/RouteErrorPage';

/**
 * A page in its own chunk, fetched on the first visit (AppLayout shows Loading in its place meanwhile). When the
 * app starts on such a page (a reload, a link), `fallback` shows until the chunk is in; a chunk that fails to
 * load is a route error like any other (RouteErrorPage).
 */
function lazyPage(Component: () => Promise<ComponentType>, fallback: ReactNode = <Loading />) {
  return { lazy: { Component }, hydrateFallbackElement: fallback };
}

// Eager: the login → home → caseload path, the layout and the access guards. Every other page is lazy.
export const router = createBrowserRouter([
  {
    errorElement: <RouteErrorPage />,
    children: [
      { path: '/login', element: <LoginPage /> },
      // A partner's answer by the signed link of a referral: public, no session, outside the app shell.
      {
        path: '/svar/:referralId',
        ...lazyPage(
          () => import('./pages/public/PartnerAnswerPage').then((m) => m.PartnerAnswerPage),
          <main id="main-content" style={{ padding: 16 }}>
            <Loading />
          </main>,
        ),
      },
      {
        element: (
          <RequireAuth>
            <AppLayout />
          </RequireAuth>
        ),
        children: [
          { index: true, element: <HomePage /> },
          {
            path: 'cases',
            element: <RequireCaseAccess />,
            children: [
              { index: true, element: <CaseloadPage /> },
              { path: 'new', ...lazyPage(() => import('./pages/cases/IntakePage').then((m) => m.IntakePage)) },
              { path: ':id', ...lazyPage(() => import('./pages/cases/case/CasePage').then((m) => m.CasePage)) },
            ],
          },
          {
            path: 'escalations',
            element: <RequireCaseAccess />,
            children: [
              {
                index: true,
                ...lazyPage(() => import('./pages/escalations/EscalationsPage').then((m) => m.EscalationsPage)),
              },
            ],
          },
          {
            path: 'notifications',
            ...lazyPage(() => import('./pages/notifications/NotificationsPage').then((m) => m.NotificationsPage)),
          },
          {
            path: 'partners',
            element: <RequirePermission permission="partners:read" />,
            children: [
              { index: true, ...lazyPage(() => import('./pages/partners/PartnersPage').then((m) => m.PartnersPage)) },
              {
                path: 'rules',
                ...lazyPage(() => import('./pages/partners/RoutingRulesPage').then((m) => m.RoutingRulesPage)),
              },
              {
                path: 'messages',
                element: <RequirePermission permission="partners:admin" />,
                children: [
                  {
                    index: true,
                    ...lazyPage(() => import('./pages/partners/PartnerMessagesPage').then((m) => m.PartnerMessagesPage)),
                  },
                ],
              },
              {
                path: ':id',
                ...lazyPage(() => import('./pages/partners/PartnerDetailPage').then((m) => m.PartnerDetailPage)),
              },
            ],
          },
          {
            path: 'imports',
            element: <RequireArrearsAccess />,
            children: [
              { index: true, ...lazyPage(() => import('./pages/imports/ImportsPage').then((m) => m.ImportsPage)) },
              {
                path: ':id',
                ...lazyPage(() => import('./pages/imports/ImportDetailPage').then((m) => m.ImportDetailPage)),
              },
            ],
          },
          {
            path: 'admin',
            element: <RequireAdmin />,
            children: [
              { path: 'users', ...lazyPage(() => import('./pages/admin/UsersPage').then((m) => m.UsersPage)) },
              { path: 'api-keys', ...lazyPage(() => import('./pages/admin/ApiKeysPage').then((m) => m.ApiKeysPage)) },
              {
                path: 'departments',
                ...lazyPage(() => import('./pages/admin/DepartmentsPage').then((m) => m.DepartmentsPage)),
              },
              { path: 'audit', ...lazyPage(() => import('./pages/admin/AuditPage').then((m) => m.AuditPage)) },
              {
                path: 'trigger-rules',
                ...lazyPage(() => import('./pages/admin/TriggerRulesPage').then((m) => m.TriggerRulesPage)),
              },
              {
                path: 'escalations',
                ...lazyPage(() => import('./pages/admin/EscalationsAdminPage').then((m) => m.EscalationsAdminPage)),
              },
              { path: '*', element: <NotFoundPage /> },
            ],
          },
          { path: '*', element: <NotFoundPage /> },
        ],
      },
    ],
    element: <Outlet />,
  },
]);
