import { Select } from '@mantine/core';
import { IconLanguage } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { directionOf, languageName, LANGUAGES, setLanguage } from '../i18n';

/** This device's language, each one named in itself (Català, Deutsch, العربية). */
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
      onChange={(value) => value && setLanguage(value)}
      data={LANGUAGES.map((language) => ({ value: language, label: languageName(language) }))}
      renderOption={({ option }) => (
        <span lang={option.value} dir={directionOf(option.value)}>
          {option.label}
        </span>
      )}
      comboboxProps={{ withinPortal: true }}
    />
  );
}
