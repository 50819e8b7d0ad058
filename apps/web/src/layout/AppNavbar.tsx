import { NavLink } from '@mantine/core';
import {
  IconAdjustmentsHorizontal,
  IconBuildingCommunity,
  IconBellRinging,
  IconCalendarExclamation,
  IconFileImport,
  IconFolders,
  IconHome,
  IconHeartHandshake,
  IconKey,
  IconListSearch,
  IconMailExclamation,
  IconRoute,
  IconUsers,
} from '@tabler/icons-react';
import { IconServerCog } from '@tabler/icons-react';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';
import { useCurrentUser } from '../auth/CurrentUser';
import { hasPermission } from '../lib/permissions';
import { canUseArrears, canUseCases } from '../lib/roles';
import classes from './layout.module.css';

function MenuLink({
  to,
  label,
  icon,
  onNavigate,
  except = [],
}: {
  to: string;
  label: string;
  icon: ReactNode;
  onNavigate: () => void;
  /** Sub-paths that have a menu entry of their own. */
  except?: string[];
}) {
  const { pathname } = useLocation();
  const active =
    (to === '/' ? pathname === '/' : pathname === to || pathname.startsWith(`${to}/`)) &&
    !except.some((p) => pathname === p || pathname.startsWith(`${p}/`));
  return (
    <li>
      <NavLink
        component={Link}
        to={to}
        label={label}
        leftSection={icon}
        active={active}
        variant="filled"
        aria-current={active ? 'page' : undefined}
        onClick={onNavigate}
      />
    </li>
  );
}

const listStyle = { listStyle: 'none', margin: 0, padding: 0 } as const;

export function AppNavbar({ onNavigate }: { onNavigate: () => void }) {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const icon = (node: ReactNode) => <span aria-hidden="true">{node}</span>;

  return (
    <>
      <ul style={listStyle}>
        {canUseCases(me.role) ? (
          <MenuLink to="/cases" label={t('nav.cases')} icon={icon(<IconFolders size={18} />)} onNavigate={onNavigate} />
        ) : null}
        {canUseCases(me.role) ? (
          <MenuLink
            to="/escalations"
            label={t('nav.escalations')}
            icon={icon(<IconCalendarExclamation size={18} />)}
            onNavigate={onNavigate}
          />
        ) : null}
        {canUseArrears(me.role) ? (
          <MenuLink to="/imports" label={t('nav.imports')} icon={icon(<IconFileImport size={18} />)} onNavigate={onNavigate} />
        ) : null}
        {hasPermission(me, 'partners:read') ? (
          <MenuLink
            to="/partners"
            label={t('partners.nav.partners')}
            icon={icon(<IconHeartHandshake size={18} />)}
            onNavigate={onNavigate}
            except={hasPermission(me, 'partners:admin') ? ['/partners/rules', '/partners/messages'] : []}
          />
        ) : null}
        <MenuLink to="/" label={t('nav.home')} icon={icon(<IconHome size={18} />)} onNavigate={onNavigate} />
      </ul>
      {me.role === 'admin' ? (
        <>
          <p id="nav-admin-heading" className={classes.navGroupLabel}>
            {t('nav.admin')}
          </p>
          <ul style={listStyle} aria-labelledby="nav-admin-heading">
            <MenuLink to="/admin/users" label={t('nav.users')} icon={icon(<IconUsers size={18} />)} onNavigate={onNavigate} />
            <MenuLink to="/admin/api-keys" label={t('nav.apiKeys')} icon={icon(<IconKey size={18} />)} onNavigate={onNavigate} />
            <MenuLink
              to="/admin/departments"
              label={t('nav.departments')}
              icon={icon(<IconBuildingCommunity size={18} />)}
              onNavigate={onNavigate}
            />
            <MenuLink
              to="/admin/trigger-rules"
              label={t('nav.triggerRules')}
              icon={icon(<IconAdjustmentsHorizontal size={18} />)}
              onNavigate={onNavigate}
            />
            <MenuLink
              to="/admin/escalations"
              label={t('nav.adminEscalations')}
              icon={icon(<IconBellRinging size={18} />)}
              onNavigate={onNavigate}
            />
            {hasPermission(me, 'partners:admin') ? (
              <>
                <MenuLink to="/partners/rules" label={t('partners.nav.rules')} icon={icon(<IconRoute size={18} />)} onNavigate={onNavigate} />
                <MenuLink
                  to="/partners/messages"
                  label={t('partners.nav.messages')}
                  icon={icon(<IconMailExclamation size={18} />)}
                  onNavigate={onNavigate}
                />
              </>
            ) : null}
            <MenuLink to="/admin/audit" label={t('nav.audit')} icon={icon(<IconListSearch size={18} />)} onNavigate={onNavigate} />
            <li>
              {/* Bull Board, served by the api rather than a page of this app: a plain link (full page load). */}
              <NavLink component="a" href="/admin/queues" label={t('nav.queues')} leftSection={icon(<IconServerCog size={18} />)} variant="filled" />
            </li>
          </ul>
        </>
      ) : null}
    </>
  );
}
