import { ActionIcon, Menu, Tooltip } from '@mantine/core';
import { IconDotsVertical, IconHistory, IconSettings } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';

/** Header links to the change log and the catalogue's settings: two icons, or one menu on a phone. */
export function HeaderLinks() {
  const { t } = useTranslation();
  const { pathname } = useLocation();
  const links = [
    { to: '/changes', label: t('changes.navLabel'), icon: IconHistory },
    { to: '/settings', label: t('settings.navLabel'), icon: IconSettings },
  ];
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
      <Menu position="bottom-end" shadow="md" withinPortal>
        <Menu.Target>
          <ActionIcon variant="subtle" color="gray" size="lg" aria-label={t('objectsUi.more')} hiddenFrom="sm">
            <IconDotsVertical size={18} />
          </ActionIcon>
        </Menu.Target>
        <Menu.Dropdown>
          {links.map(({ to, label, icon: Icon }) => (
            <Menu.Item key={to} component={Link} to={to} leftSection={<Icon size={16} aria-hidden />}>
              {label}
            </Menu.Item>
          ))}
        </Menu.Dropdown>
      </Menu>
    </>
  );
}
