import { Anchor, Group } from '@mantine/core';
import { IconArrowLeft } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';

/** The small link above a page's title back to where the user came from: by default, all objects. */
export function BackLink({ to = '/', label }: { to?: string; label?: string }) {
  const { t } = useTranslation();
  return (
    <Anchor component={Link} to={to} size="sm" className="back-link touch-link">
      <Group gap={4}>
        <IconArrowLeft size={14} aria-hidden />
        {label ?? t('object.back')}
      </Group>
    </Anchor>
  );
}
