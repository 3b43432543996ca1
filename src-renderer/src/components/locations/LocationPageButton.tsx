import { Button } from '@mantine/core';
import { IconInfoCircle } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';

/** From a location's list of objects to its page: contents, categories, sublocations. */
export function LocationPageButton({ id }: { id: string }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  return (
    <Button variant="default" leftSection={<IconInfoCircle size={16} aria-hidden />} onClick={() => navigate(`/locations/${id}`)}>
      {t('locationsUi.page.open')}
    </Button>
  );
}
