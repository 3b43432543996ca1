import { ActionIcon, Badge, Indicator, Menu, Tooltip } from '@mantine/core';
import { IconAlertTriangle, IconArrowsJoin } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';
import { useFormatters } from '../../lib/format';
import { useOpenConflicts } from './useOpenConflicts';

/**
 * The header's field copies menu: merging, bundles and field copies, and the conflicts to settle (counted on its icon).
 * On a phone or tablet, where the header has no room for it, the navigation has the link instead (HeaderLinks).
 */
export function SyncMenu() {
  const { t } = useTranslation();
  const { number } = useFormatters();
  const { pathname } = useLocation();
  const open = useOpenConflicts();
  const active = pathname === '/sync' || pathname === '/conflicts';
  const label = open > 0 ? t('sync.menu.labelWithConflicts', { count: open, formatted: number(open) }) : t('sync.menu.label');
  return (
    <Menu position="bottom-end" shadow="md" width={270}>
      <Menu.Target>
        <Tooltip label={label} openDelay={300}>
          <Indicator label={open > 0 ? number(open) : undefined} disabled={open === 0} color="orange" size={16} offset={4} inline visibleFrom="md">
            <ActionIcon variant={active ? 'light' : 'subtle'} color={active ? 'teal' : 'gray'} size="lg" aria-label={label} data-testid="sync-menu">
              <IconArrowsJoin size={20} />
            </ActionIcon>
          </Indicator>
        </Tooltip>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>{t('sync.menu.label')}</Menu.Label>
        <Menu.Item component={Link} to="/sync" leftSection={<IconArrowsJoin size={16} aria-hidden />} aria-current={pathname === '/sync' ? 'page' : undefined}>
          {t('sync.menu.page')}
        </Menu.Item>
        <Menu.Item
          component={Link}
          to="/conflicts"
          leftSection={<IconAlertTriangle size={16} aria-hidden />}
          rightSection={
            open > 0 ? (
              <Badge color="orange" size="sm" variant="filled" circle={open < 10}>
                {number(open)}
              </Badge>
            ) : undefined
          }
          aria-current={pathname === '/conflicts' ? 'page' : undefined}
          data-testid="sync-menu-conflicts"
        >
          {t('sync.menu.conflicts')}
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}
