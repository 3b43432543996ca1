import { ActionIcon, Box, Button, Stack, Tooltip } from '@mantine/core';
import { IconHistory, IconSettings } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';

/**
 * Links to the change log and the catalogue's settings: icons in the header on wider screens; on a phone,
 * where the header has no room, buttons at the foot of the navigation drawer (`placement="navbar"`).
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
      <Box hiddenFrom="sm" className="navbar-links">
        {/* One under the other: side by side, "Änderungsprotokoll" and "Einstellungen" do not fit a phone's drawer. */}
        <Stack gap={4}>
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
