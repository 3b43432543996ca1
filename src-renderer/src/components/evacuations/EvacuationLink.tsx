import { Badge, Button, Text } from '@mantine/core';
import { IconFirstAidKit } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';
import { useQueryProc } from '../../api/hooks';

/**
 * The header's way to the evacuations: red while one is under way (or coming back), with the objects unaccounted for.
 * On a phone it is at the top of the locations drawer.
 */
export function EvacuationLink() {
  const { t } = useTranslation();
  const { pathname } = useLocation();
  const list = useQueryProc('evacuations.list', {});
  const active = list.data?.evacuations.filter((e) => e.status === 'under_way' || e.status === 'returning') ?? [];
  const unaccounted = active.reduce((n, e) => n + e.progress.unaccounted, 0);
  const here = pathname === '/evacuations' || pathname.startsWith('/evacuations/');
  return (
    <Button
      component={Link}
      to={active.length === 1 ? `/evacuations/${active[0]!.id}` : '/evacuations'}
      variant={active.length > 0 ? 'filled' : here ? 'light' : 'subtle'}
      color={active.length > 0 ? 'red' : here ? 'teal' : 'gray'}
      size="compact-md"
      leftSection={<IconFirstAidKit size={18} aria-hidden />}
      rightSection={unaccounted > 0 ? <Badge size="sm" color="white" c="red" variant="filled">{unaccounted}</Badge> : undefined}
      aria-label={active.length > 0 ? t('evacuation.headerActive', { count: active.length, unaccounted }) : t('evacuation.nav')}
      visibleFrom="sm"
      data-testid="header-evacuations"
    >
      <Text span size="sm" fw={600} visibleFrom="md">
        {active.length > 0 ? t('evacuation.headerActiveShort') : t('evacuation.nav')}
      </Text>
    </Button>
  );
}
