import { createBrowserRouter, Outlet } from 'react-router';
import { RequireAuth } from './auth/CurrentUser';
import { RequirePermission } from './components/RequirePermission';
import { AppLayout } from './layout/AppLayout';
import { ApiKeysPage } from './pages/admin/ApiKeysPage';
import { AuditPage } from './pages/admin/AuditPage';
import { DepartmentsPage } from './pages/admin/DepartmentsPage';
import { EscalationsAdminPage } from './pages/admin/EscalationsAdminPage';
import { TriggerRulesPage } from './pages/admin/TriggerRulesPage';
import { UsersPage } from './pages/admin/UsersPage';
import { RequireAdmin } from './pages/ForbiddenPage';
import { CasePage } from './pages/cases/case/CasePage';
import { CaseloadPage } from './pages/cases/CaseloadPage';
import { IntakePage } from './pages/cases/IntakePage';
import { RequireCaseAccess } from './pages/cases/RequireCaseAccess';
import { EscalationsPage } from './pages/escalations/EscalationsPage';
import { HomePage } from './pages/HomePage';
import { ImportDetailPage } from './pages/imports/ImportDetailPage';
import { ImportsPage } from './pages/imports/ImportsPage';
import { RequireArrearsAccess } from './pages/imports/RequireArrearsAccess';
import { LoginPage } from './pages/LoginPage';
import { NotFoundPage } from './pages/NotFoundPage';
import { NotificationsPage } from './pages/notifications/NotificationsPage';
import { PartnerDetailPage } from './pages/partners/PartnerDetailPage';
import { PartnerMessagesPage } from './pages/partners/PartnerMessagesPage';
import { PartnersPage } from './pages/partners/PartnersPage';
import { RoutingRulesPage } from './pages/partners/RoutingRulesPage';
import { PartnerAnswerPage } from './pages/public/PartnerAnswerPage';
import { RouteErrorPage } from './pages/RouteErrorPage';

export const router = createBrowserRouter([
  {
    errorElement: <RouteErrorPage />,
    children: [
      { path: '/login', element: <LoginPage /> },
      // A partner's answer by the signed link of a referral: public, no session, outside the app shell.
      { path: '/svar/:referralId', element: <PartnerAnswerPage /> },
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
              { path: 'new', element: <IntakePage /> },
              { path: ':id', element: <CasePage /> },
            ],
          },
          {
            path: 'escalations',
            element: <RequireCaseAccess />,
            children: [{ index: true, element: <EscalationsPage /> }],
          },
          { path: 'notifications', element: <NotificationsPage /> },
          {
            path: 'partners',
            element: <RequirePermission permission="partners:read" />,
            children: [
              { index: true, element: <PartnersPage /> },
              { path: 'rules', element: <RoutingRulesPage /> },
              {
                path: 'messages',
                element: <RequirePermission permission="partners:admin" />,
                children: [{ index: true, element: <PartnerMessagesPage /> }],
              },
              { path: ':id', element: <PartnerDetailPage /> },
            ],
          },
          {
            path: 'imports',
            element: <RequireArrearsAccess />,
            children: [
              { index: true, element: <ImportsPage /> },
              { path: ':id', element: <ImportDetailPage /> },
            ],
          },
          {
            path: 'admin',
            element: <RequireAdmin />,
            children: [
              { path: 'users', element: <UsersPage /> },
              { path: 'api-keys', element: <ApiKeysPage /> },
              { path: 'departments', element: <DepartmentsPage /> },
              { path: 'audit', element: <AuditPage /> },
              { path: 'trigger-rules', element: <TriggerRulesPage /> },
              { path: 'escalations', element: <EscalationsAdminPage /> },
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
