import { Center, Code, Group, Paper, Stack, Text, ThemeIcon, Title } from '@mantine/core';
import { IconKey } from '@tabler/icons-react';
import { Trans, useTranslation } from 'react-i18next';
import { LanguagePicker } from './LanguagePicker';

/** Shown in a browser opened without the access token, or with one the server no longer accepts. */
export function TokenMissing({ invalid = false }: { invalid?: boolean }) {
  const { t } = useTranslation();
  return (
    <Center mih="100vh" p="md" bg="var(--mantine-color-gray-0)">
      <Paper withBorder radius="md" p="xl" maw={560} shadow="sm">
        <Stack gap="md">
          <Group justify="space-between" align="flex-start">
            <ThemeIcon size={48} radius="xl" variant="light">
              <IconKey size={26} aria-hidden />
            </ThemeIcon>
            <LanguagePicker />
          </Group>
          <Title order={1} size="h2">
            {invalid ? t('token.invalidTitle') : t('token.title')}
          </Title>
          <Text>
            <Trans i18nKey="token.body" components={{ code: <Code /> }} />
          </Text>
          <Text c="dimmed" size="sm">
            {t('token.hint')}
          </Text>
        </Stack>
      </Paper>
    </Center>
  );
}
