import { UnstyledButton } from '@mantine/core';
import { IconArrowBackUp, IconBarcode, IconCamera, IconSearch } from '@tabler/icons-react';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation } from 'react-router';
import { UndoLastModal } from '../moves/MovesMenu';

function Item({ to, onClick, icon, label, active }: { to?: string; onClick?: () => void; icon: ReactNode; label: string; active?: boolean }) {
  const content = (
    <>
      <span className="bottom-nav-icon" aria-hidden>
        {icon}
      </span>
      <span className="bottom-nav-label">{label}</span>
    </>
  );
  return to ? (
    <UnstyledButton component={Link} to={to} className="bottom-nav-item" data-active={active || undefined} aria-current={active ? 'page' : undefined}>
      {content}
    </UnstyledButton>
  ) : (
    <UnstyledButton className="bottom-nav-item" onClick={onClick}>
      {content}
    </UnstyledButton>
  );
}

/** On a phone or tablet: the workshop's four tasks, always one tap away, at the bottom where a thumb reaches. */
export function BottomNav() {
  const { t } = useTranslation();
  const { pathname } = useLocation();
  const [undoing, setUndoing] = useState(false);
  return (
    <nav className="bottom-nav" aria-label={t('workshop.nav.bottomLabel')}>
      <Item to="/rapid" icon={<IconBarcode size={24} />} label={t('workshop.nav.rapid')} active={pathname === '/rapid'} />
      <Item to="/search" icon={<IconSearch size={24} />} label={t('workshop.nav.search')} active={pathname === '/search' || pathname.startsWith('/objects/')} />
      <Item to="/photos" icon={<IconCamera size={24} />} label={t('workshop.nav.photos')} active={pathname === '/photos'} />
      <Item onClick={() => setUndoing(true)} icon={<IconArrowBackUp size={24} />} label={t('workshop.nav.undo')} />
      {undoing && <UndoLastModal onClose={() => setUndoing(false)} />}
    </nav>
  );
}
