import { Button, Card, Collapse, Stack, Table, Text } from '@mantine/core';
import { IconChevronDown, IconChevronUp } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormatters } from '../../lib/format';
import { resolutionText, type Conflict } from '../../lib/conflictText';
import { useConflictWords } from './useConflictWords';

/**
 * Conflicts already settled: what they were about and how, by whom and when (a table; where it has little room, one
 * block per conflict). Folded away until asked for.
 */
export function SettledConflicts({ conflicts }: { conflicts: Conflict[] }) {
  const { t } = useTranslation();
  const { dateTime, number } = useFormatters();
  const words = useConflictWords();
  const [shown, setShown] = useState(false);
  if (conflicts.length === 0) return null;
  return (
    <section aria-labelledby="conflicts-settled">
      <Stack gap="xs">
        <Text id="conflicts-settled" fw={600} size="sm" c="dimmed">
          {t('conflicts.settledTitle')}
        </Text>
        <div>
          <Button
            variant="subtle"
            color="gray"
            onClick={() => setShown(!shown)}
            rightSection={shown ? <IconChevronUp size={16} aria-hidden /> : <IconChevronDown size={16} aria-hidden />}
            aria-expanded={shown}
            data-testid="conflicts-show-settled"
            className="conflict-action"
          >
            {shown ? t('conflicts.hideSettled') : t('conflicts.showSettled', { count: conflicts.length, formatted: number(conflicts.length) })}
          </Button>
        </div>
        <Collapse expanded={shown}>
          <Card withBorder radius="md" padding={0} className="conflicts-settled-card">
            <Table verticalSpacing="sm" horizontalSpacing="md" data-testid="conflicts-settled-table" className="conflicts-settled">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">{t('conflicts.columns.about')}</Table.Th>
                  <Table.Th scope="col">{t('conflicts.columns.decision')}</Table.Th>
                  <Table.Th scope="col">{t('conflicts.columns.by')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {conflicts.map((conflict) => {
                  const field = words.field(conflict);
                  return (
                    <Table.Tr key={conflict.key} data-testid="conflict-settled">
                      <Table.Td>
                        <Text size="sm" fw={500}>
                          {conflict.subject}
                        </Text>
                        <Text size="xs" c="dimmed">
                          {t(`conflicts.kinds.${conflict.kind}`)}
                          {field && conflict.kind === 'field' ? ` · ${words.label(field)}` : ''}
                        </Text>
                      </Table.Td>
                      <Table.Td data-label={t('conflicts.columns.decision')}>
                        <Text size="sm">{resolutionText(t, conflict, (raw) => words.value(field, raw))}</Text>
                      </Table.Td>
                      <Table.Td data-label={t('conflicts.columns.by')}>
                        <Text size="sm">{conflict.resolved?.personName ?? t('conflicts.field.someone')}</Text>
                        <Text size="xs" c="dimmed">
                          {conflict.resolved ? dateTime(conflict.resolved.at) : ''}
                        </Text>
                      </Table.Td>
                    </Table.Tr>
                  );
                })}
              </Table.Tbody>
            </Table>
          </Card>
        </Collapse>
      </Stack>
    </section>
  );
}
