import { ActionIcon, Badge, Box, Button, Stack, Tooltip } from '@mantine/core';
import { IconArrowsJoin, IconHistory, IconSettings } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';
import { useOpenConflicts } from '../sync/useOpenConflicts';

/**
 * Links to the change log and the catalogue's settings: icons in the header on wider screens; on a phone,
 * where the header has no room, buttons at the foot of the navigation drawer (`placement="navbar"`). Below desktop
 * widths, the navigation also links to field copies and merging (the header's SyncMenu on wider screens), or to the
 * conflicts to settle.
 */
export function HeaderLinks({ placement = 'header', onNavigate }: { placement?: 'header' | 'navbar'; onNavigate?: () => void }) {
  const { t } = useTranslation();
  const { pathname } = useLocation();
  const links = [
    { to: '/changes', label: t('changes.navLabel'), icon: IconHistory },
    { to: '/settings', label: t('settings.navLabel'), icon: IconSettings },
  ];
  if (placement === 'navbar') {
    return (
      <Box hiddenFrom="md" className="navbar-links">
        {/* One under the other: side by side, "Änderungsprotokoll" and "Einstellungen" do not fit a phone's drawer. */}
        <Stack gap={4}>
          <NavbarSyncLink pathname={pathname} onNavigate={onNavigate} />
          {links.map(({ to, label, icon: Icon }) => (
            <Button
              key={to}
              component={Link}
              to={to}
              onClick={onNavigate}
              variant={pathname === to ? 'light' : 'subtle'}
              color={pathname === to ? 'teal' : 'gray'}
              leftSection={<Icon size={16} aria-hidden />}
              aria-current={pathname === to ? 'page' : undefined}
              fullWidth
              justify="flex-start"
              hiddenFrom="sm"
            >
              {label}
            </Button>
          ))}
        </Stack>
      </Box>
    );
  }
  return (
    <>
      {links.map(({ to, label, icon: Icon }) => {
        const active = pathname === to;
        return (
          <Tooltip key={to} label={label} openDelay={300}>
            <ActionIcon
              component={Link}
              to={to}
              variant={active ? 'light' : 'subtle'}
              color={active ? 'teal' : 'gray'}
              size="lg"
              aria-label={label}
              aria-current={active ? 'page' : undefined}
              visibleFrom="sm"
            >
              <Icon size={18} />
            </ActionIcon>
          </Tooltip>
        );
      })}
    </>
  );
}

/** On a phone or tablet: field copies and merging, or the conflicts when some wait for a decision. */
function NavbarSyncLink({ pathname, onNavigate }: { pathname: string; onNavigate?: () => void }) {
  const { t } = useTranslation();
  const open = useOpenConflicts();
  const to = open > 0 ? '/conflicts' : '/sync';
  return (
    <Button
      component={Link}
      to={to}
      onClick={onNavigate}
      variant={pathname === to ? 'light' : 'subtle'}
      color={open > 0 ? 'orange' : pathname === to ? 'teal' : 'gray'}
      leftSection={<IconArrowsJoin size={16} aria-hidden />}
      rightSection={open > 0 ? <Badge color="orange" size="sm">{open}</Badge> : undefined}
      aria-current={pathname === to ? 'page' : undefined}
      fullWidth
      justify="flex-start"
    >
      {open > 0 ? t('sync.menu.conflicts') : t('sync.menu.label')}
    </Button>
  );
}
