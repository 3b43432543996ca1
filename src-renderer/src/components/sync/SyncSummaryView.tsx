import { Alert, Card, SimpleGrid, Stack, Table, Text } from '@mantine/core';
import type { Output } from '@contract';
import { IconClockExclamation } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { useFormatters } from '../../lib/format';
import { shortDeviceId, warningText } from '../../lib/syncText';

type Summary = Output<'sync.inspect'>;

/** Merging's warnings, each on its own, in plain words (a device whose clock runs ahead, named, with its time). */
export function SyncWarnings({ warnings }: { warnings: string[] }) {
  const { t } = useTranslation();
  const { dateTime } = useFormatters();
  if (warnings.length === 0) return null;
  return (
    <Stack gap="xs">
      {warnings.map((warning) => (
        <Alert key={warning} color="yellow" variant="light" icon={<IconClockExclamation aria-hidden />} title={t('sync.warnings.title')} data-testid="sync-warning">
          {warningText(t, warning, dateTime)}
        </Alert>
      ))}
    </Stack>
  );
}

/**
 * What a bundle brings before it is merged: where it comes from, how much is new here, and who did what (a table; on a
 * phone or beside a tablet's navigation, one block per person with their counts).
 */
export function SyncSummaryView({ summary }: { summary: Summary }) {
  const { t } = useTranslation();
  const { number } = useFormatters();
  const fresh = Math.max(0, summary.operations - summary.already);
  // A device by its code when the catalogue says it, else by the end of its id; a column only when there are several.
  const device = (row: Summary['by'][number]) => (row as { deviceCode?: string | null }).deviceCode ?? (row.deviceId ? shortDeviceId(row.deviceId) : '—');
  const devices = new Set(summary.by.map((row) => row.deviceId)).size > 1;
  const columns = [
    { key: 'objects', value: (row: Summary['by'][number]) => row.objects },
    { key: 'moves', value: (row: Summary['by'][number]) => row.moves },
    { key: 'photos', value: (row: Summary['by'][number]) => row.photos },
    { key: 'conditions', value: (row: Summary['by'][number]) => row.conditions },
    { key: 'changes', value: (row: Summary['by'][number]) => row.operations },
  ] as const;
  const facts = [
    { label: t('sync.summary.catalogue'), value: summary.catalogueName, testId: 'summary-catalogue' },
    { label: t('sync.summary.fromDevice'), value: summary.fromDevice, testId: 'summary-device' },
    { label: t('sync.summary.changes'), value: t('sync.summary.changesValue', { count: summary.operations, formatted: number(summary.operations), fresh: number(fresh), already: number(summary.already) }), testId: 'summary-changes' },
    { label: t('sync.summary.photos'), value: number(summary.photos), testId: 'summary-photos' },
  ];
  return (
    <Stack gap="md" data-testid="sync-summary">
      <SimpleGrid cols={{ base: 1, xs: 2, md: 4 }} spacing="sm">
        {facts.map((fact) => (
          <div key={fact.testId} className="sync-fact">
            <Text size="xs" c="dimmed">
              {fact.label}
            </Text>
            <Text fw={600} className="sync-fact-value" data-testid={fact.testId}>
              {fact.value}
            </Text>
          </div>
        ))}
      </SimpleGrid>
      <SyncWarnings warnings={summary.warnings} />
      {summary.by.length > 0 && (
        <Stack gap={6}>
          <Text size="sm" fw={600}>
            {t('sync.summary.byTitle')}
          </Text>
          <Card withBorder radius="md" padding={0} className="sync-by-card">
            <Table verticalSpacing="xs" horizontalSpacing="md" data-testid="sync-summary-by" className="sync-by">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">{t('sync.summary.person')}</Table.Th>
                  {devices && <Table.Th scope="col">{t('sync.summary.device')}</Table.Th>}
                  {columns.map((column) => (
                    <Table.Th key={column.key} scope="col" className="sync-num">
                      {t(`sync.summary.columns.${column.key}`)}
                    </Table.Th>
                  ))}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {summary.by.map((row) => (
                  <Table.Tr key={`${row.personId ?? ''} ${row.deviceId ?? ''}`} data-testid="sync-summary-row">
                    <Table.Th scope="row" fw={600}>
                      {row.personName ?? (row.personId ? t('sync.summary.newPerson') : t('sync.summary.noPerson'))}
                    </Table.Th>
                    {devices && (
                      <Table.Td data-label={t('sync.summary.device')}>
                        <Text size="sm" ff="monospace" span>
                          {device(row)}
                        </Text>
                      </Table.Td>
                    )}
                    {columns.map((column) => (
                      <Table.Td key={column.key} className="sync-num" data-label={t(`sync.summary.columns.${column.key}`)}>
                        {number(column.value(row))}
                      </Table.Td>
                    ))}
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Card>
        </Stack>
      )}
    </Stack>
  );
}
