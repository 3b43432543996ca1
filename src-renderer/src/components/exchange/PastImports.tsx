import { Badge, Button, Card, Group, Skeleton, Stack, Table, Text, Title } from '@mantine/core';
import { IconArrowBackUp, IconArrowForwardUp } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutationProc, useQueryProc } from '../../api/hooks';
import { notifyError, notifySuccess } from '../../lib/notify';
import { useFormatters } from '../../lib/format';
import { ErrorState } from '../ErrorState';
import { UndoImport } from './UndoImport';

/** Imports made in this catalogue, newest first, each with Undo until it is undone, then Restore, which undoes the undo. */
export function PastImports() {
  const { t } = useTranslation();
  const { dateTime, number } = useFormatters();
  const list = useQueryProc('imports.list', {});
  const [undoing, setUndoing] = useState<{ id: string; fileName: string } | null>(null);
  const redo = useMutationProc('imports.redo', {
    onSuccess: (done, { importId }) => {
      const file = list.data?.imports.find((i) => i.id === importId)?.fileName ?? '';
      notifySuccess(t('exchange.past.redone', { file, count: done.restored }));
    },
    onError: (error) => notifyError(t, error),
  });
  return (
    <Card withBorder radius="md" padding="lg" component="section" aria-labelledby="past-imports">
      <Title order={2} size="h4" id="past-imports" mb="sm">
        {t('exchange.past.title')}
      </Title>
      {list.isPending ? (
        <Stack gap="xs">
          <Skeleton h={20} />
          <Skeleton h={20} />
        </Stack>
      ) : list.isError ? (
        <ErrorState error={list.error} onRetry={() => void list.refetch()} />
      ) : list.data.imports.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('exchange.past.none')}
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={640}>
          <Table verticalSpacing={6} data-testid="past-imports">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('exchange.past.when')}</Table.Th>
                <Table.Th>{t('exchange.past.file')}</Table.Th>
                <Table.Th>{t('exchange.past.by')}</Table.Th>
                <Table.Th ta="end">{t('exchange.past.created')}</Table.Th>
                <Table.Th ta="end">{t('exchange.past.updated')}</Table.Th>
                <Table.Th />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {list.data.imports.map((i) => (
                <Table.Tr key={i.id}>
                  <Table.Td>
                    <Text size="sm">{dateTime(i.at)}</Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm" truncate maw={280} c={i.undone ? 'dimmed' : undefined}>
                      {i.fileName}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{i.personName ?? '—'}</Text>
                  </Table.Td>
                  <Table.Td ta="end">{number(i.created)}</Table.Td>
                  <Table.Td ta="end">{number(i.updated)}</Table.Td>
                  <Table.Td ta="end">
                    {i.undone ? (
                      <Group gap="xs" justify="flex-end" wrap="nowrap">
                        <Badge variant="light" color="gray" tt="none">
                          {t('exchange.past.undone')}
                        </Badge>
                        <Button
                          size="compact-sm"
                          variant="subtle"
                          leftSection={<IconArrowForwardUp size={14} aria-hidden />}
                          title={t('exchange.past.redoHint')}
                          loading={redo.isPending && redo.variables.importId === i.id}
                          onClick={() => redo.mutate({ importId: i.id })}
                        >
                          {t('exchange.past.redo')}
                        </Button>
                      </Group>
                    ) : (
                      <Button size="compact-sm" variant="subtle" color="red" leftSection={<IconArrowBackUp size={14} aria-hidden />} onClick={() => setUndoing({ id: i.id, fileName: i.fileName })}>
                        {t('exchange.past.undo')}
                      </Button>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      {undoing && <UndoImport importId={undoing.id} fileName={undoing.fileName} onClose={() => setUndoing(null)} />}
    </Card>
  );
}
