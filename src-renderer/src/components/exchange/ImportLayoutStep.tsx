import { Badge, Button, Card, Group, NumberInput, Select, Stack, Table, Text, Tooltip } from '@mantine/core';
import type { Output } from '@contract';
import { IconArrowLeft, IconArrowRight } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormatters } from '../../lib/format';

type Inspected = Output<'imports.inspect'>;

/** Header names the reader invents for empty header cells ("Column C"): shown as the empty cells they are. */
const PLACEHOLDER = /^Column [A-Z]{1,3}$/;
const cellsOf = (headers: string[]) => headers.map((h) => (PLACEHOLDER.test(h) ? '' : h));
const SAMPLE_SHOWN = 5;
const COLUMNS_SHOWN = 14;

interface ShownRow {
  number: number | null;
  cells: string[];
  kind: 'above' | 'header' | 'data';
}

/** The rows above the header (titles, notes), the header, and the first data rows, numbered where known. */
function shownRows(inspected: Inspected, top: Inspected | null): ShownRow[] {
  const header = cellsOf(inspected.headers);
  const data = inspected.sample.slice(0, SAMPLE_SHOWN).map((cells): ShownRow => ({ number: null, cells, kind: 'data' }));
  if (!top || inspected.headerRow === 1) return [{ number: inspected.headerRow, cells: header, kind: 'header' }, ...data];
  const raw = [cellsOf(top.headers), ...top.sample];
  const same = (a: string[]) => header.every((h, i) => (a[i] ?? '') === h);
  const at = raw.findIndex(same);
  const above = raw.slice(0, at < 0 ? Math.min(raw.length, inspected.headerRow - 1) : at);
  // Blank rows are skipped by the reader: the numbers hold only when nothing between was blank.
  const exact = above.length === inspected.headerRow - 1;
  return [
    ...above.map((cells, i): ShownRow => ({ number: exact || i === 0 ? i + 1 : null, cells, kind: 'above' })),
    { number: inspected.headerRow, cells: header, kind: 'header' },
    ...data,
  ];
}

/** Which sheet, and which row holds the column names: detected, shown in context, and changeable. */
export function ImportLayoutStep({
  inspected,
  top,
  onSheet,
  onHeaderRow,
  onBack,
  onNext,
}: {
  inspected: Inspected;
  top: Inspected | null;
  onSheet: (sheet: string) => void;
  onHeaderRow: (row: number) => void;
  onBack: () => void;
  onNext: () => void;
}) {
  const { t } = useTranslation();
  const { number } = useFormatters();
  const [row, setRow] = useState<number | string>(inspected.headerRow);
  const rows = shownRows(inspected, top);
  const width = Math.min(COLUMNS_SHOWN, Math.max(...rows.map((r) => r.cells.length)));
  const hidden = Math.max(0, inspected.headers.length - COLUMNS_SHOWN);

  return (
    <Card withBorder radius="md" padding="lg">
      <Stack gap="md">
        <Group gap="md" align="flex-end" wrap="wrap">
          {inspected.format === 'xlsx' && (
            <Select
              label={t('exchange.layout.sheet')}
              data={inspected.sheets}
              value={inspected.sheet}
              onChange={(value) => value && value !== inspected.sheet && onSheet(value)}
              allowDeselect={false}
              w={240}
              data-testid="import-sheet"
            />
          )}
          <Group gap="xs" align="flex-end" wrap="nowrap">
            <NumberInput label={t('exchange.layout.headerRow')} min={1} max={1000} value={row} onChange={setRow} w={130} data-testid="import-header-row" />
            <Button variant="default" disabled={Number(row) === inspected.headerRow || !Number(row)} onClick={() => onHeaderRow(Number(row))}>
              {t('exchange.layout.useRow')}
            </Button>
          </Group>
          <Text size="sm" c="dimmed" className="layout-facts">
            {[
              t('exchange.layout.rows', { count: inspected.rows, formatted: number(inspected.rows) }),
              t('exchange.layout.columns', { count: inspected.headers.length, formatted: number(inspected.headers.length) }),
              inspected.encoding ? t('exchange.layout.encoding', { encoding: inspected.encoding }) : null,
              inspected.delimiter ? t('exchange.layout.delimiter', { delimiter: inspected.delimiter === '\t' ? t('exchange.layout.tab') : `“${inspected.delimiter}”` }) : null,
            ]
              .filter(Boolean)
              .join(' · ')}
          </Text>
        </Group>
        <Text size="sm">{inspected.headerRow > 1 ? t('exchange.layout.foundBelow', { row: inspected.headerRow }) : t('exchange.layout.found')}</Text>
        <Table.ScrollContainer minWidth={Math.max(480, width * 130)} className="layout-table-wrap">
          <Table className="layout-table" verticalSpacing={4} withTableBorder withColumnBorders data-testid="import-layout-table">
            <Table.Tbody>
              {rows.map((r, i) => (
                <Table.Tr key={i} data-kind={r.kind}>
                  <Table.Td className="layout-rownum">
                    {r.kind === 'header' ? (
                      <Tooltip label={t('exchange.layout.headerBadge')}>
                        <Badge size="sm" variant="filled" radius="sm">
                          {r.number}
                        </Badge>
                      </Tooltip>
                    ) : r.kind === 'above' && r.number !== null ? (
                      <Tooltip label={t('exchange.layout.useThisRow', { row: r.number })}>
                        <Button size="compact-xs" variant="subtle" color="gray" onClick={() => onHeaderRow(r.number!)} aria-label={t('exchange.layout.useThisRow', { row: r.number })}>
                          {r.number}
                        </Button>
                      </Tooltip>
                    ) : (
                      <Text size="xs" c="dimmed">
                        {r.kind === 'data' ? '·' : '…'}
                      </Text>
                    )}
                  </Table.Td>
                  {Array.from({ length: width }, (_, c) => (
                    <Table.Td key={c} className="layout-cell">
                      <Text size="xs" truncate fw={r.kind === 'header' ? 700 : undefined} c={r.kind === 'above' ? 'dimmed' : undefined}>
                        {r.cells[c] ?? ''}
                      </Text>
                    </Table.Td>
                  ))}
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
        {hidden > 0 && (
          <Text size="xs" c="dimmed">
            {t('exchange.layout.moreColumns', { count: hidden })}
          </Text>
        )}
        <Text size="xs" c="dimmed">
          {t('exchange.layout.legend')}
        </Text>
        <Group justify="space-between">
          <Button variant="default" leftSection={<IconArrowLeft size={16} aria-hidden />} onClick={onBack}>
            {t('exchange.layout.otherFile')}
          </Button>
          <Button rightSection={<IconArrowRight size={16} aria-hidden />} onClick={onNext} data-testid="import-to-mapping">
            {t('exchange.layout.next')}
          </Button>
        </Group>
      </Stack>
    </Card>
  );
}
