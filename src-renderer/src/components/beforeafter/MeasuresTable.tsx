import { Table, Text, Tooltip, UnstyledButton } from '@mantine/core';
import { conditionKeys, type Measures } from '@contract';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useBaFormat } from './format';
import { delta, directionOf, MEASURE_ROWS, ROOM_COLUMNS, verdictOf, type MeasureRow, type RoomPair, type Verdict } from './measures';
import './beforeafter.css';
import { useForwardArrow } from '../../lib/direction';

/** A change, in words as well as colour: an arrow for its direction, the signed amount, and whether it is better or worse. */
export function Delta({ value, verdict, points = false, compact = false }: { value: number; verdict: Verdict; points?: boolean; compact?: boolean }) {
  const { t } = useTranslation();
  const f = useBaFormat();
  const amount = points ? t('measures.points', { value: f.signed(value) }) : f.signed(value);
  return (
    <span className="ba-delta" data-verdict={verdict} data-compact={compact || undefined}>
      <span className="ba-delta-arrow" aria-hidden>
        {value > 0 ? '▲' : value < 0 ? '▼' : '='}
      </span>{' '}
      {verdict === 'same' ? (
        <span className="ba-delta-verdict">{t('measures.verdict.same')}</span>
      ) : (
        <>
          <span className="ba-delta-value">{amount}</span>
          {verdict !== 'changed' && (
            <>
              {' '}
              <span className="ba-delta-verdict">{t(`measures.verdict.${verdict}`)}</span>
            </>
          )}
        </>
      )}
    </span>
  );
}

/** One measure's value: the number, and the counts behind it ("8 of 10") in small print. */
function Value({ row, m }: { row: MeasureRow; m: Measures }) {
  const { t } = useTranslation();
  const f = useBaFormat();
  const detail = row.detail?.(m);
  const main = row.kind === 'percent' ? (detail && detail.whole === 0 ? '—' : f.percent(m[row.key])) : f.number(m[row.key]);
  return (
    <>
      <span className="ba-value">{main}</span>
      {detail && (
        <span className="ba-value-detail">
          {'part' in detail
            ? detail.whole === 0
              ? t(row.key === 'reachablePercent' ? 'measures.noneAssessed' : 'measures.noObjects')
              : t('measures.partOf', { part: f.number(detail.part), whole: f.number(detail.whole) })
            : t('measures.ofUnits', { count: detail.whole, formatted: f.number(detail.whole) })}
        </span>
      )}
    </>
  );
}

export interface MeasuresTableProps {
  from: Measures;
  to: Measures;
  fromLabel: ReactNode;
  toLabel: ReactNode;
  /** The catalogue's condition terms, best first: the order of the condition rows. */
  conditionTerms: string[];
  caption?: string;
  /** Leave out the condition distribution (the milestone-time preview shows it too, but briefly). */
  showConditions?: boolean;
  /** Leave out each measure's one-line explanation. */
  withHelp?: boolean;
  /** Tighter rows, for a dialog. */
  compact?: boolean;
  testId?: string;
}

/** The RE-ORG measures at two milestones with the change between them, colour-coded and spelled out. */
export function MeasuresTable({ from, to, fromLabel, toLabel, conditionTerms, caption, showConditions = true, withHelp = true, compact = false, testId }: MeasuresTableProps) {
  const { t } = useTranslation();
  const f = useBaFormat();
  const conditions = conditionKeys(conditionTerms, from, to);
  return (
    <div className="ba-measures-box">
      <Table.ScrollContainer minWidth={420} type="native" className="ba-scroll">
        <Table className="ba-measures" verticalSpacing={compact ? 6 : 'sm'} horizontalSpacing="md" data-testid={testId} captionSide="top" data-compact={compact || undefined}>
          {caption && <Table.Caption className="visually-hidden">{caption}</Table.Caption>}
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col" className="ba-col-measure">
                {t('measures.measure')}
              </Table.Th>
              <Table.Th scope="col" className="ba-col-value">
                {fromLabel}
              </Table.Th>
              <Table.Th scope="col" className="ba-col-value">
                {toLabel}
              </Table.Th>
              <Table.Th scope="col" className="ba-col-change">
                {t('measures.change')}
              </Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {MEASURE_ROWS.map((row) => {
              const change = delta(row, from, to);
              const unknown = row.kind === 'percent' && (row.detail?.(from).whole === 0 || row.detail?.(to).whole === 0);
              return (
                <Table.Tr key={row.key} data-measure={row.key}>
                  <Table.Th scope="row" className="ba-measure-name">
                    <span className="ba-measure-label">{t(`measures.names.${row.key}`)}</span>
                    {withHelp && <span className="ba-measure-help">{t(`measures.help.${row.key}`)}</span>}
                  </Table.Th>
                  <Table.Td className="ba-col-value">
                    <Value row={row} m={from} />
                  </Table.Td>
                  <Table.Td className="ba-col-value">
                    <Value row={row} m={to} />
                  </Table.Td>
                  <Table.Td className="ba-col-change">
                    {unknown ? <Text span c="dimmed" size="sm">—</Text> : <Delta value={change} verdict={verdictOf(directionOf(row.key), change)} points={row.kind === 'percent'} />}
                  </Table.Td>
                </Table.Tr>
              );
            })}
            {showConditions && conditions.length > 0 && (
              <>
                <Table.Tr className="ba-group-row">
                  <Table.Th scope="rowgroup" colSpan={4}>
                    <span className="ba-measure-label">{t('measures.conditionTitle')}</span>
                    {withHelp && <span className="ba-measure-help">{t('measures.conditionHelp')}</span>}
                  </Table.Th>
                </Table.Tr>
                {conditions.map((term) => {
                  const a = from.conditions[term] ?? 0;
                  const b = to.conditions[term] ?? 0;
                  // Fewer objects left unassessed is better; the terms themselves are shown without a verdict.
                  const verdict = verdictOf(term === '' ? 'lower' : 'neutral', b - a);
                  return (
                    <Table.Tr key={`condition-${term}`} data-condition={term}>
                      <Table.Th scope="row" className="ba-measure-name ba-condition-name">
                        <span className="ba-measure-label">{term === '' ? t('measures.notAssessed') : term}</span>
                      </Table.Th>
                      <Table.Td className="ba-col-value">
                        <span className="ba-value">{f.number(a)}</span>
                      </Table.Td>
                      <Table.Td className="ba-col-value">
                        <span className="ba-value">{f.number(b)}</span>
                      </Table.Td>
                      <Table.Td className="ba-col-change">
                        <Delta value={b - a} verdict={verdict} />
                      </Table.Td>
                    </Table.Tr>
                  );
                })}
              </>
            )}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </div>
  );
}

/** Every room at a glance: each measure then → now, with its change. A room's name opens its measures. */
export function RoomsTable({
  rooms,
  onSelect,
  selected,
  testId,
  compact = false,
}: {
  rooms: RoomPair[];
  onSelect?: (key: string) => void;
  selected?: string;
  testId?: string;
  /** Fit a narrow page (the report): smaller type, the verdict left to the arrows and the measures table. */
  compact?: boolean;
}) {
  const { t } = useTranslation();
  const arrow = useForwardArrow();
  const f = useBaFormat();
  const value = (row: MeasureRow, m: Measures | undefined) => {
    if (!m) return '—';
    if (row.kind === 'count') return f.number(m[row.key]);
    const detail = row.detail?.(m);
    return detail && detail.whole === 0 ? '—' : f.percent(m[row.key]);
  };
  return (
    <Table.ScrollContainer minWidth={compact ? 600 : 860} type="native" className="ba-scroll">
      <Table
        className="ba-rooms"
        verticalSpacing="xs"
        horizontalSpacing={compact ? 6 : 'sm'}
        data-testid={testId}
        data-compact={compact || undefined}
        highlightOnHover={Boolean(onSelect)}
      >
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t('measures.room')}</Table.Th>
            {ROOM_COLUMNS.map((row) => (
              <Table.Th scope="col" key={row.key} className="ba-rooms-num">
                <Tooltip label={t(`measures.help.${row.key}`)} openDelay={300} multiline maw={260}>
                  <span>{t(`measures.short.${row.key}`)}</span>
                </Tooltip>
              </Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rooms.map((room) => {
            const label = room.code ? `${room.code} — ${room.name ?? ''}` : t('measures.noRoom');
            return (
              <Table.Tr key={room.key} data-room={room.code ?? 'none'} data-active={selected === room.key || undefined}>
                <Table.Th scope="row" className="ba-rooms-name">
                  {onSelect ? (
                    <UnstyledButton className="ba-link-button" onClick={() => onSelect(room.key)} aria-label={t('compare.showRoom', { room: label })}>
                      {label}
                    </UnstyledButton>
                  ) : (
                    label
                  )}
                </Table.Th>
                {ROOM_COLUMNS.map((row) => {
                  const { from, to } = room;
                  const known = from && to && !(row.kind === 'percent' && (row.detail?.(from).whole === 0 || row.detail?.(to).whole === 0));
                  const change = known ? delta(row, from, to) : 0;
                  return (
                    <Table.Td key={row.key} className="ba-rooms-num" data-measure={row.key}>
                      <span className="ba-rooms-values">
                        <span className="ba-rooms-from">{value(row, from)}</span>
                        <span className="ba-rooms-arrow" aria-hidden>
                          {arrow}
                        </span>
                        <span className="visually-hidden">{t('measures.becomes')}</span>
                        <span className="ba-rooms-to">{value(row, to)}</span>
                      </span>
                      {known && change !== 0 && <Delta value={change} verdict={verdictOf(directionOf(row.key), change)} points={row.kind === 'percent'} compact />}
                    </Table.Td>
                  );
                })}
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
