import { ActionIcon, Menu, Tooltip } from '@mantine/core';
import { IconArrowsDiff, IconCamera, IconFlag, IconGauge, IconReportAnalytics, IconTimeline } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';

const LINKS = [
  { to: '/dashboard', key: 'dashboard', icon: IconGauge },
  { to: '/milestones', key: 'milestones', icon: IconFlag },
  { to: '/compare', key: 'compare', icon: IconArrowsDiff },
  { to: '/viewpoints', key: 'viewpoints', icon: IconCamera },
  { to: '/report', key: 'report', icon: IconReportAnalytics },
] as const;

/** The header's before/after menu: workshop progress, milestones, the comparison, viewpoint photos and the report. */
export function BeforeAfterMenu() {
  const { t } = useTranslation();
  const { pathname } = useLocation();
  const active = LINKS.some((link) => pathname === link.to || pathname.startsWith(`${link.to}/`));
  return (
    <Menu position="bottom-end" shadow="md" width={250}>
      <Menu.Target>
        <Tooltip label={t('milestones.menu.label')} openDelay={300}>
          <ActionIcon variant={active ? 'light' : 'subtle'} color={active ? 'teal' : 'gray'} size="lg" aria-label={t('milestones.menu.label')}>
            <IconTimeline size={20} />
          </ActionIcon>
        </Tooltip>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>{t('milestones.menu.label')}</Menu.Label>
        {LINKS.map(({ to, key, icon: Icon }) => (
          <Menu.Item
            key={to}
            component={Link}
            to={to}
            leftSection={<Icon size={16} aria-hidden />}
            aria-current={pathname === to ? 'page' : undefined}
          >
            {t(`milestones.menu.${key}`)}
          </Menu.Item>
        ))}
      </Menu.Dropdown>
    </Menu>
  );
}
