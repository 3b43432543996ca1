import { Select } from '@mantine/core';
import { IconLanguage } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { LANGUAGES, setLanguage, type Language } from '../i18n';

export function LanguagePicker() {
  const { t, i18n } = useTranslation();
  return (
    <Select
      aria-label={t('header.language')}
      size="xs"
      w={124}
      leftSection={<IconLanguage size={16} aria-hidden />}
      allowDeselect={false}
      value={i18n.resolvedLanguage ?? 'en'}
      onChange={(value) => value && setLanguage(value as Language)}
      data={LANGUAGES.map((language) => ({ value: language, label: t(`languages.${language}`) }))}
      comboboxProps={{ withinPortal: true }}
    />
  );
}
