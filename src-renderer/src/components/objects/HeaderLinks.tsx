import { ActionIcon, Badge, Box, Divider, NavLink, Stack, Text, Tooltip } from '@mantine/core';
import {
  IconArrowsDiff,
  IconArrowsJoin,
  IconCamera,
  IconFileImport,
  IconFirstAidKit,
  IconFlag,
  IconGauge,
  IconHistory,
  IconListDetails,
  IconReportAnalytics,
  IconSettings,
  IconUsersGroup,
} from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';
import { useSession } from '../../api/session';
import { LanguagePicker } from '../LanguagePicker';
import { useOpenConflicts } from '../sync/useOpenConflicts';

/**
 * Links to the change log, the catalogue's settings and the workshop: icons in the header on a computer; on a phone or
 * tablet (`placement="navbar"`), the menu at the top of the drawer, with the pages the bottom navigation does not hold
 * and the language (with field copies and merging, or the conflicts when some wait for a decision).
 */
export function HeaderLinks({ placement = 'header', onNavigate }: { placement?: 'header' | 'navbar'; onNavigate?: () => void }) {
  const { t } = useTranslation();
  const { pathname } = useLocation();
  const coordinator = useSession().role === 'coordinator';
  const openConflicts = useOpenConflicts();
  if (placement === 'navbar') {
    const sync = openConflicts > 0 ? '/conflicts' : '/sync';
    const links = [
      { to: '/batches', label: t('moves.batchesTitle'), icon: IconListDetails },
      { to: '/changes', label: t('changes.navLabel'), icon: IconHistory },
      { to: '/dashboard', label: t('milestones.menu.dashboard'), icon: IconGauge },
      { to: '/evacuations', label: t('evacuation.nav'), icon: IconFirstAidKit },
      ...(coordinator
        ? [
            { to: '/workshop', label: t('workshop.navLabel'), icon: IconUsersGroup },
            { to: '/milestones', label: t('milestones.menu.milestones'), icon: IconFlag },
            { to: '/compare', label: t('milestones.menu.compare'), icon: IconArrowsDiff },
            { to: '/viewpoints', label: t('milestones.menu.viewpoints'), icon: IconCamera },
            { to: '/report', label: t('milestones.menu.report'), icon: IconReportAnalytics },
            { to: '/import', label: t('exchange.menu.import'), icon: IconFileImport },
            { to: sync, label: openConflicts > 0 ? t('sync.menu.conflicts') : t('sync.menu.label'), icon: IconArrowsJoin, count: openConflicts },
            { to: '/settings', label: t('settings.navLabel'), icon: IconSettings },
          ]
        : []),
    ];
    return (
      <Box className="navbar-links">
        <Stack gap={0} component="nav" aria-label={t('workshop.nav.moreLabel')}>
          <Text size="xs" fw={700} c="dimmed" tt="uppercase" px="sm" pt="xs" pb={4}>
            {t('workshop.nav.more')}
          </Text>
          {links.map(({ to, label, icon: Icon, count }: { to: string; label: string; icon: typeof IconHistory; count?: number }) => (
            <NavLink
              key={to}
              component={Link}
              to={to}
              onClick={onNavigate}
              label={label}
              leftSection={<Icon size={20} aria-hidden />}
              rightSection={count ? <Badge color="orange" size="sm">{count}</Badge> : undefined}
              active={pathname === to}
              aria-current={pathname === to ? 'page' : undefined}
              className="navbar-link"
            />
          ))}
          <Box px="sm" py="xs">
            <LanguagePicker />
          </Box>
        </Stack>
        <Divider />
      </Box>
    );
  }
  const links = [
    { to: '/changes', label: t('changes.navLabel'), icon: IconHistory },
    ...(coordinator
      ? [
          { to: '/workshop', label: t('workshop.navLabel'), icon: IconUsersGroup },
          { to: '/settings', label: t('settings.navLabel'), icon: IconSettings },
        ]
      : []),
  ];
  return (
    <>
      {links.map(({ to, label, icon: Icon }) => {
        const active = pathname === to;
        return (
          <Tooltip key={to} label={label} openDelay={300}>
            <ActionIcon component={Link} to={to} variant={active ? 'light' : 'subtle'} color={active ? 'teal' : 'gray'} size="lg" aria-label={label} aria-current={active ? 'page' : undefined}>
              <Icon size={18} />
            </ActionIcon>
          </Tooltip>
        );
      })}
    </>
  );
}
