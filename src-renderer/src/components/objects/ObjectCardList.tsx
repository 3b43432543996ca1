import { Button, Skeleton, Stack, Text, UnstyledButton } from '@mantine/core';
import type { CatalogueObject } from '@contract';
import { IconMapPin } from '@tabler/icons-react';
import { keepPreviousData } from '@tanstack/react-query';
import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useQueryProc } from '../../api/hooks';
import { useFormatters } from '../../lib/format';
import { ErrorState } from '../ErrorState';
import { PhotoThumb } from '../photos/PhotoThumb';
import type { ObjectQuery } from './filters';
import './objects.css';

const STEP = 50;

/**
 * Objects as a list of cards, for a phone or tablet: the number, the name and where the object is, each on its own
 * line, so that nothing is cut off, and each card a target a thumb can press. More come with "Show more".
 */
export function ObjectCardList({ filter, onOpen, empty }: { filter: ObjectQuery; onOpen: (object: CatalogueObject) => void; empty?: ReactNode }) {
  const { t } = useTranslation();
  const { number } = useFormatters();
  const [shown, setShown] = useState(STEP);
  const list = useQueryProc('objects.list', { ...filter, offset: 0, limit: shown }, { placeholderData: keepPreviousData });
  if (list.isError) return <ErrorState error={list.error} onRetry={() => void list.refetch()} />;
  if (list.isPending) return <Skeleton h={180} radius="md" />;
  if (list.data.total === 0) return <>{empty}</>;
  return (
    <Stack gap={8}>
      <Stack gap={8} component="ul" className="object-cards" aria-label={t('workshop.search.results')}>
        {list.data.items.map((object) => (
          <li key={object.id}>
            <UnstyledButton className="object-card" onClick={() => onOpen(object)}>
              <PhotoThumb photoId={object.primaryPhotoId} size={48} />
              <div className="object-card-body">
                <Text fw={800} ff="monospace" className="object-card-number">
                  {object.displayNumber}
                </Text>
                <Text size="sm" className="object-card-name">
                  {object.name}
                </Text>
                <Text size="sm" c="dimmed" className="object-card-location">
                  <IconMapPin size={14} aria-hidden /> {object.currentLocationCode ?? t('rapid.nowhere')}
                  {object.currentLocationPath && object.currentLocationPath !== object.currentLocationCode ? ` · ${object.currentLocationPath}` : ''}
                </Text>
              </div>
            </UnstyledButton>
          </li>
        ))}
      </Stack>
      {list.data.total > list.data.items.length && (
        <Button variant="default" size="md" onClick={() => setShown((n) => n + STEP)} loading={list.isFetching}>
          {t('workshop.search.more', { shown: number(list.data.items.length), total: number(list.data.total) })}
        </Button>
      )}
    </Stack>
  );
}
