import { Alert, Anchor, Badge, Button, Card, Group, Modal, SegmentedControl, SimpleGrid, Stack, Text, UnstyledButton } from '@mantine/core';
import { IMPORT_STATUSES, type Output } from '@contract';
import { IconAlertTriangle, IconArrowLeft, IconArrowRight, IconDatabaseImport, IconDownload } from '@tabler/icons-react';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useQueryProc } from '../../api/hooks';
import { exportUrl } from '../../api/jobs';
import { useFormatters } from '../../lib/format';
import { serverMessage } from '../../lib/serverMessages';
import { fieldLabel, isEmptyValue, valueText } from './fields';

type Preview = Output<'imports.preview'>;
type Outcome = Preview['outcomes'][number];
type Status = (typeof IMPORT_STATUSES)[number];

export const STATUS_COLORS: Record<Status, string> = { new: 'teal', update: 'blue', unchanged: 'gray', error: 'red' };
const CHANGES_SHOWN = 8;

/** The dry run: how many rows are new, updates, unchanged or errors, every row with what it would change, then Import. */
export function ImportPreviewStep({ preview, onBack, onCommit }: { preview: Preview; onBack: () => void; onCommit: () => void }) {
  const { t } = useTranslation();
  const { number } = useFormatters();
  const [filter, setFilter] = useState<Status | 'all'>(preview.errors.length > 0 ? 'error' : 'all');
  const [confirming, setConfirming] = useState(false);
  const counts: Record<Status, number> = { new: preview.new, update: preview.updated, unchanged: preview.unchanged, error: preview.outcomes.filter((o) => o.status === 'error').length };
  const rows = filter === 'all' ? preview.outcomes : preview.outcomes.filter((o) => o.status === filter);
  const writes = preview.new + preview.updated;

  return (
    <Stack gap="md">
      <SimpleGrid cols={{ base: 2, sm: 4 }} spacing="sm">
        {IMPORT_STATUSES.map((status) => (
          <UnstyledButton
            key={status}
            className="preview-stat"
            data-status={status}
            data-active={filter === status || undefined}
            onClick={() => setFilter(filter === status ? 'all' : status)}
            aria-pressed={filter === status}
            data-testid={`preview-count-${status}`}
          >
            <Text size="xs" fw={600} c="dimmed">
              {t(`exchange.preview.status.${status}`)}
            </Text>
            <Text className="preview-stat-value" c={counts[status] > 0 ? `${STATUS_COLORS[status]}.8` : 'dimmed'}>
              {number(counts[status])}
            </Text>
          </UnstyledButton>
        ))}
      </SimpleGrid>

      <Warnings preview={preview} />
      <NewThings preview={preview} />
      {(preview.movements.new > 0 || preview.movements.unchanged > 0) && (
        <Text size="sm" data-testid="preview-movements">
          {t('exchange.preview.movements', { created: number(preview.movements.new), unchanged: number(preview.movements.unchanged) })}
        </Text>
      )}

      <Card withBorder radius="md" padding="md">
        <Stack gap="sm">
          <Group justify="space-between" wrap="wrap" gap="xs">
            <SegmentedControl
              size="xs"
              value={filter}
              onChange={(value) => setFilter(value as Status | 'all')}
              data={[
                { value: 'all', label: `${t('exchange.preview.all')} · ${number(preview.rows)}` },
                ...IMPORT_STATUSES.map((s) => ({ value: s, label: `${t(`exchange.preview.status.${s}`)} · ${number(counts[s])}` })),
              ]}
              aria-label={t('exchange.preview.filter')}
              className="preview-filter"
              visibleFrom="sm"
            />
            {preview.reportExportId && (
              <Anchor href={exportUrl(preview.reportExportId)} download size="sm" data-testid="preview-report">
                <Group gap={4} wrap="nowrap">
                  <IconDownload size={14} aria-hidden />
                  {t('exchange.preview.report')}
                </Group>
              </Anchor>
            )}
          </Group>
          <OutcomeList rows={rows} />
        </Stack>
      </Card>

      <Group justify="space-between" wrap="wrap" gap="sm">
        <Button variant="default" leftSection={<IconArrowLeft size={16} aria-hidden />} onClick={onBack}>
          {t('exchange.preview.back')}
        </Button>
        <Button leftSection={<IconDatabaseImport size={16} aria-hidden />} onClick={() => setConfirming(true)} disabled={writes === 0} data-testid="import-commit">
          {t('exchange.preview.commit', { count: writes, formatted: number(writes) })}
        </Button>
      </Group>

      {confirming && (
        <Modal opened onClose={() => setConfirming(false)} title={t('exchange.preview.confirmTitle')} centered>
          <Stack gap="md">
            <Text size="sm">{t('exchange.preview.confirmBody', { created: number(preview.new), updated: number(preview.updated) })}</Text>
            {counts.error > 0 && (
              <Alert color="orange" variant="light" icon={<IconAlertTriangle aria-hidden />} p="sm">
                <Text size="sm">{t('exchange.preview.confirmErrors', { count: counts.error, formatted: number(counts.error) })}</Text>
              </Alert>
            )}
            <Text size="xs" c="dimmed">
              {t('exchange.preview.confirmUndo')}
            </Text>
            <Group justify="flex-end" gap="sm">
              <Button variant="default" onClick={() => setConfirming(false)}>
                {t('common.cancel')}
              </Button>
              <Button
                onClick={() => {
                  setConfirming(false);
                  onCommit();
                }}
                data-autofocus
                data-testid="import-commit-confirm"
              >
                {t('exchange.preview.confirm')}
              </Button>
            </Group>
          </Stack>
        </Modal>
      )}
    </Stack>
  );
}

/** What the import keeps as written or guesses: the whole file's first and prominently, then a count of the rows'. */
function Warnings({ preview }: { preview: Preview }) {
  const { t } = useTranslation();
  const { number } = useFormatters();
  const file = preview.warnings.filter((w) => w.row === null);
  const rows = preview.warnings.filter((w) => w.row !== null);
  if (preview.warnings.length === 0) return null;
  return (
    <Alert color="orange" variant="light" icon={<IconAlertTriangle aria-hidden />} title={t('exchange.preview.warnings')} data-testid="preview-warnings">
      <Stack gap={4}>
        {file.map((w, i) => (
          <Text key={i} size="sm" fw={w.key === 'imports.noNumberColumn' ? 700 : undefined}>
            {serverMessage(t, w)}
          </Text>
        ))}
        {rows.slice(0, 5).map((w, i) => (
          <Text key={`r${i}`} size="sm">
            {t('exchange.preview.row', { row: w.row })} · {serverMessage(t, w)}
          </Text>
        ))}
        {rows.length > 5 && <Text size="xs">{t('exchange.preview.moreWarnings', { more: number(rows.length - 5) })}</Text>}
      </Stack>
    </Alert>
  );
}

/** Locations, terms and custom fields the import would add. */
function NewThings({ preview }: { preview: Preview }) {
  const { t } = useTranslation();
  const groups = [
    { key: 'locations', items: preview.newLocations },
    { key: 'categories', items: preview.newTerms.category },
    { key: 'conditions', items: preview.newTerms.condition },
    { key: 'customFields', items: preview.newCustomFields },
  ].filter((g) => g.items.length > 0);
  if (groups.length === 0) return null;
  return (
    <Alert color="blue" variant="light" title={t('exchange.preview.newThings')} data-testid="preview-new-things">
      <Stack gap={6}>
        {groups.map((g) => (
          <Group key={g.key} gap={6} wrap="wrap" align="baseline">
            <Text size="sm" fw={600}>
              {t(`exchange.preview.new.${g.key}`, { count: g.items.length })}
            </Text>
            {g.items.slice(0, 40).map((item) => (
              <Badge key={item} variant="white" color="blue" tt="none" size="sm" className="new-thing">
                {item}
              </Badge>
            ))}
            {g.items.length > 40 && <Text size="xs">{t('exchange.preview.andMore', { count: g.items.length - 40 })}</Text>}
          </Group>
        ))}
      </Stack>
    </Alert>
  );
}

/** Every row, however many: only those on screen are drawn. */
function OutcomeList({ rows }: { rows: Outcome[] }) {
  const { t } = useTranslation();
  const scroll = useRef<HTMLDivElement>(null);
  const vocabularies = useQueryProc('vocabularies.get', {});
  const customFields = vocabularies.data?.customFields ?? [];
  // eslint-disable-next-line react-hooks/incompatible-library
  const virtualizer = useVirtualizer({ count: rows.length, getScrollElement: () => scroll.current, estimateSize: () => 64, overscan: 8 });

  if (rows.length === 0) {
    return (
      <Text size="sm" c="dimmed" py="md" ta="center">
        {t('exchange.preview.noRows')}
      </Text>
    );
  }
  return (
    <div ref={scroll} className="outcome-scroll" style={{ height: Math.min(480, virtualizer.getTotalSize() + 2) }} role="list" aria-label={t('exchange.preview.rowsLabel')} data-testid="outcome-list">
      <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
        {virtualizer.getVirtualItems().map((item) => {
          const o = rows[item.index]!;
          const changes = Object.entries(o.changes);
          return (
            <div
              key={item.key}
              ref={virtualizer.measureElement}
              data-index={item.index}
              className="outcome-row"
              role="listitem"
              data-status={o.status}
              style={{ transform: `translateY(${item.start}px)` }}
            >
              <div className="outcome-head">
                <Text size="xs" c="dimmed" className="outcome-rownum">
                  {t('exchange.preview.row', { row: o.row })}
                </Text>
                <Badge size="sm" variant="light" color={STATUS_COLORS[o.status]} tt="none">
                  {t(`exchange.preview.rowStatus.${o.status}`)}
                </Badge>
                {o.number && (
                  <Text size="sm" fw={600} ff="monospace">
                    {o.number}
                  </Text>
                )}
              </div>
              {o.errors.map((error, i) => (
                <Text key={i} size="sm" c="red.8" className="outcome-error">
                  {serverMessage(t, error)}
                </Text>
              ))}
              {o.warnings.map((warning, i) => (
                <Text key={`w${i}`} size="sm" c="orange.8" className="outcome-error">
                  {serverMessage(t, warning)}
                </Text>
              ))}
              {o.status !== 'error' && changes.length > 0 && (
                <div className="outcome-changes">
                  {changes.slice(0, CHANGES_SHOWN).map(([field, change]) => (
                    <Text key={field} size="xs" className="outcome-change">
                      <span className="outcome-field">{fieldLabel(t, field, customFields)}</span>
                      {o.status === 'update' ? (
                        <>
                          <span className="outcome-from" data-empty={isEmptyValue(change.from) || undefined}>
                            {valueText(t, change.from)}
                          </span>
                          <IconArrowRight size={11} aria-label={t('exchange.preview.to')} className="outcome-arrow" />
                          <span className="outcome-to">{valueText(t, change.to)}</span>
                        </>
                      ) : (
                        <span className="outcome-to">{valueText(t, change.to)}</span>
                      )}
                    </Text>
                  ))}
                  {changes.length > CHANGES_SHOWN && (
                    <Text size="xs" c="dimmed">
                      {t('exchange.preview.moreChanges', { count: changes.length - CHANGES_SHOWN })}
                    </Text>
                  )}
                </div>
              )}
            </div>
          );
        })}
      </div>
    </div>
  );
}
