import { Alert, Anchor, Button, EmptyState, Group, Skeleton, Stack, Text } from '@mantine/core';
import type { Measures, Milestone, Output } from '@contract';
import { IconArrowRight, IconFlagCheck, IconPrinter, IconReportAnalytics } from '@tabler/icons-react';
import { useEffect, type MouseEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { mediaUrl } from '../api/client';
import { useQueryProc } from '../api/hooks';
import { ErrorState } from '../components/ErrorState';
import { ColumnLabel } from '../components/beforeafter/ColumnLabel';
import { useBaFormat } from '../components/beforeafter/format';
import { delta, directionOf, MEASURE_ROWS, pairRooms, verdictOf } from '../components/beforeafter/measures';
import { Delta, MeasuresTable, RoomsTable } from '../components/beforeafter/MeasuresTable';
import { MilestoneSelect } from '../components/beforeafter/MilestoneSelect';
import { milestoneLabel, resolvePair, useMilestones } from '../components/beforeafter/milestones';
import { useMarkAfter } from '../components/beforeafter/useMarkAfter';
import { withParams } from '../lib/searchParams';
import '../components/beforeafter/beforeafter.css';
import '../app/print.css';
import { formatList } from '../lib/format';
import { useForwardArrow } from '../lib/direction';

type Report = Output<'reports.beforeAfter'>;

/** The measures the cover puts first: what a board asks about. */
const HIGHLIGHTS = ['onFloor', 'locatedPercent', 'reachablePercent', 'inHolding', 'mixedUnits'] as const;

/** The before/after report: cover, measures, viewpoint photo pairs and the objects still needing attention. Printable. */
export function ReportPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const { list, query: milestones } = useMilestones();
  const { from, to } = resolvePair(list, params.get('from'), params.get('to'));
  const report = useQueryProc('reports.beforeAfter', { fromMilestoneId: from?.id ?? '', toMilestoneId: to?.id ?? '' }, { enabled: Boolean(from && to) });
  const markAfter = useMarkAfter();
  const set = (key: string, value: string) => setParams(withParams({ [key]: value }), { replace: true });

  // The saved PDF is named after the page's title: the catalogue and the report's dates.
  const data = report.data;
  const f = useBaFormat();
  useEffect(() => {
    if (!data) return;
    let previous = document.title;
    const before = () => {
      previous = document.title;
      document.title = t('report.fileTitle', { catalogue: data.catalogueName, date: f.date(data.to.at) });
    };
    const after = () => void (document.title = previous);
    window.addEventListener('beforeprint', before);
    window.addEventListener('afterprint', after);
    return () => {
      window.removeEventListener('beforeprint', before);
      window.removeEventListener('afterprint', after);
    };
  }, [data, t, f]);

  return (
    <div className="report-page">
      <Group className="report-toolbar no-print" gap="sm" align="flex-end" wrap="wrap" justify="space-between">
        <Group gap="sm" align="flex-end" wrap="wrap">
          <MilestoneSelect label={t('compare.from')} list={list} value={from?.id ?? null} onChange={(id) => set('from', id)} exclude={to?.id} w={280} />
          <IconArrowRight size={18} className="ba-select-arrow" aria-hidden />
          <MilestoneSelect label={t('compare.to')} list={list} value={to?.id ?? null} onChange={(id) => set('to', id)} exclude={from?.id} w={280} />
        </Group>
        <Group gap="sm">
          {from && to && (
            <Button component={Link} to={`/compare?from=${from.id}&to=${to.id}`} variant="default">
              {t('report.openComparison')}
            </Button>
          )}
          <Button leftSection={<IconPrinter size={16} aria-hidden />} onClick={() => window.print()} disabled={!data}>
            {t('report.print')}
          </Button>
        </Group>
      </Group>

      {milestones.isError ? (
        <ErrorState error={milestones.error} onRetry={() => void milestones.refetch()} />
      ) : milestones.isSuccess && !to ? (
        <EmptyState icon={<IconReportAnalytics size={28} />} title={t('report.needAfterTitle')} description={t('report.needAfterBody')} className="page-empty no-print">
          <Button mt="sm" loading={markAfter.isPending} onClick={() => markAfter.mutate()} leftSection={<IconFlagCheck size={16} aria-hidden />}>
            {t('milestones.markAfter')}
          </Button>
        </EmptyState>
      ) : report.isError ? (
        <ErrorState error={report.error} onRetry={() => void report.refetch()} />
      ) : !data ? (
        <Stack gap="md" className="report-sheet">
          <Skeleton h={40} w="60%" />
          <Skeleton h={24} w="40%" />
          <Skeleton h={300} />
        </Stack>
      ) : (
        <ReportBody report={data} from={from!} to={to!} generatedAt={report.dataUpdatedAt} />
      )}
    </div>
  );
}

function ReportBody({ report, from, to, generatedAt }: { report: Report; from: Milestone; to: Milestone; generatedAt: number }) {
  const { t } = useTranslation();
  const arrow = useForwardArrow();
  const f = useBaFormat();
  const vocabularies = useQueryProc('vocabularies.get', {});
  const m = report.measures;
  const rooms = pairRooms(m.from, m.to);
  const fromName = milestoneLabel(t, report.from);
  const toName = milestoneLabel(t, report.to);
  const pairs = report.viewpoints;
  const withPhotos = pairs.filter((p) => p.fromPhotoId || p.toPhotoId);
  const missingPhotos = pairs.length - withPhotos.length;
  // The app routes by the hash: a contents link scrolls to its section instead of navigating.
  const jump = (id: string) => (event: MouseEvent) => {
    event.preventDefault();
    document.getElementById(id)?.scrollIntoView({ behavior: 'smooth', block: 'start' });
  };

  return (
    <article className="report-sheet" aria-label={t('report.title')} data-testid="report">
      {/* Cover */}
      <section className="report-cover" aria-labelledby="report-title">
        <p className="report-kicker">{t('report.kicker')}</p>
        <h1 id="report-title" className="report-title">
          {report.catalogueName}
        </h1>
        <p className="report-period">
          {f.longDate(report.from.at) === f.longDate(report.to.at)
            ? t('report.periodOneDay', { date: f.longDate(report.to.at) })
            : t('report.period', { from: f.longDate(report.from.at), to: f.longDate(report.to.at) })}
        </p>
        <dl className="report-facts">
          <div>
            <dt>{fromName}</dt>
            <dd>{f.dateTime(report.from.at)}</dd>
          </div>
          <div>
            <dt>{toName}</dt>
            <dd>{f.dateTime(report.to.at)}</dd>
          </div>
          <div>
            <dt>{t('report.duration')}</dt>
            <dd>{f.duration(report.from.at, report.to.at)}</dd>
          </div>
          <div>
            <dt>{t('report.objects')}</dt>
            <dd>{f.number(m.to.overall.objects)}</dd>
          </div>
          <div className="report-team">
            <dt>{t('report.team', { count: report.team.length })}</dt>
            <dd>{report.team.length ? formatList(report.team) : t('report.noTeam')}</dd>
          </div>
        </dl>

        <h2 className="report-h3">{t('report.highlights')}</h2>
        <div className="report-highlights">
          {HIGHLIGHTS.map((key) => {
            const row = MEASURE_ROWS.find((r) => r.key === key)!;
            const change = delta(row, m.from.overall, m.to.overall);
            const format = (x: Measures) => (row.kind === 'percent' ? f.percent(x[key]) : f.number(x[key]));
            return (
              <div key={key} className="report-highlight" data-measure={key}>
                <span className="report-highlight-label">{t(`measures.names.${key}`)}</span>
                <span className="report-highlight-values">
                  <span className="report-highlight-from">{format(m.from.overall)}</span>
                  <span aria-hidden> {arrow} </span>
                  <span className="visually-hidden">{t('measures.becomes')}</span>
                  <span className="report-highlight-to">{format(m.to.overall)}</span>
                </span>
                <Delta value={change} verdict={verdictOf(directionOf(key), change)} points={row.kind === 'percent'} compact />
              </div>
            );
          })}
        </div>
        <nav className="report-contents" aria-labelledby="report-contents">
          <h2 id="report-contents" className="report-h3">
            {t('report.contents')}
          </h2>
          <ol>
            <li>
              <a href="#report-measures" onClick={jump('report-measures')}>
                {t('report.contentsMeasures')}
              </a>
            </li>
            <li>
              <a href="#report-viewpoints" onClick={jump('report-viewpoints')}>
                {t('report.contentsViewpoints', { count: withPhotos.length })}
              </a>
            </li>
            <li>
              <a href="#report-attention" onClick={jump('report-attention')}>
                {t('report.contentsAttention', { formatted: f.number(report.attentionTotal) })}
              </a>
            </li>
          </ol>
        </nav>
        <p className="report-method">{t('report.method', { catalogue: report.catalogueName })}</p>
        <p className="report-generated">{t('report.generated', { date: f.dateTime(new Date(generatedAt).toISOString()) })}</p>
      </section>

      {/* Measures */}
      <section className="report-section" aria-labelledby="report-measures">
        <h2 id="report-measures" className="report-h2">
          {t('report.measuresTitle')}
        </h2>
        <p className="report-lead">{t('report.measuresLead', { from: fromName, to: toName })}</p>
        <div className="report-block">
          <MeasuresTable
            from={m.from.overall}
            to={m.to.overall}
            fromLabel={<ColumnLabel milestone={from} at={m.from.at} dateOnly />}
            toLabel={<ColumnLabel milestone={to} at={m.to.at} dateOnly />}
            conditionTerms={vocabularies.data?.conditions ?? []}
            caption={t('report.measuresTitle')}
            testId="report-measures"
          />
        </div>
        {rooms.length > 0 && (
          <div className="report-block report-avoid-break">
            <h3 className="report-h3">{t('report.byRoom')}</h3>
            <p className="report-note">{t('report.byRoomLead', { from: fromName, to: toName })}</p>
            <RoomsTable rooms={rooms} testId="report-rooms" compact />
          </div>
        )}
      </section>

      {/* Viewpoints */}
      <section className="report-section" aria-labelledby="report-viewpoints">
        <h2 id="report-viewpoints" className="report-h2">
          {t('report.viewpointsTitle')}
        </h2>
        {withPhotos.length === 0 ? (
          <p className="report-lead">{pairs.length === 0 ? t('report.noViewpoints') : t('report.noViewpointPhotos')}</p>
        ) : (
          <>
            <p className="report-lead">{t('report.viewpointsLead', { from: fromName, to: toName })}</p>
            {withPhotos.map((p) => (
              <figure key={p.viewpointId} className="report-pair" data-testid="report-pair">
                <figcaption className="report-pair-title">
                  <strong>
                    {p.roomCode} — {p.roomName}
                  </strong>
                  {' · '}
                  {p.name}
                </figcaption>
                <div className="report-pair-images">
                  {[
                    { id: p.fromPhotoId, label: fromName, at: report.from.at },
                    { id: p.toPhotoId, label: toName, at: report.to.at },
                  ].map((side) => (
                    <div key={side.label} className="report-pair-side">
                      {side.id ? (
                        <img src={mediaUrl(side.id, 'preview')} alt={t('viewpoints.photoAlt', { where: t('viewpoints.slotName', { viewpoint: p.name, milestone: side.label }) })} />
                      ) : (
                        <div className="report-pair-missing">{t('viewpoints.noPhoto', { milestone: side.label })}</div>
                      )}
                      <span className="report-pair-label">
                        {side.label} · {f.date(side.at)}
                      </span>
                    </div>
                  ))}
                </div>
              </figure>
            ))}
            {missingPhotos > 0 && <p className="report-note">{t('report.viewpointsMissing', { count: missingPhotos })}</p>}
          </>
        )}
      </section>

      {/* Attention */}
      <section className="report-section" aria-labelledby="report-attention">
        <h2 id="report-attention" className="report-h2">
          {t('report.attentionTitle')}
        </h2>
        {report.attentionTotal === 0 ? (
          <p className="report-lead" data-testid="report-attention-none">
            {t('report.attentionNone', { to: toName })}
          </p>
        ) : (
          <>
            <p className="report-lead">{t('report.attentionLead', { count: report.attentionTotal, formatted: f.number(report.attentionTotal), to: toName })}</p>
            {report.attentionTotal > report.attention.length && (
              <Alert color="gray" variant="outline" className="report-truncated" p="xs">
                {t('report.attentionTruncated', { shown: f.number(report.attention.length), total: f.number(report.attentionTotal) })}{' '}
                <Anchor component={Link} to={`/compare?from=${from.id}&to=${to.id}`} className="no-print">
                  {t('report.attentionFull')}
                </Anchor>
              </Alert>
            )}
            <div className="report-table-scroll">
              <table className="report-table" data-testid="report-attention">
                <thead>
                  <tr>
                    <th scope="col">{t('compare.columns.number')}</th>
                    <th scope="col">{t('compare.columns.name')}</th>
                    <th scope="col">{t('report.locationNow', { to: toName })}</th>
                    <th scope="col">{t('compare.columns.condition')}</th>
                    <th scope="col">{t('report.reasons')}</th>
                  </tr>
                </thead>
                <tbody>
                  {report.attention.map((o) => (
                    <tr key={o.objectId}>
                      <td className="report-number">
                        <Link to={`/objects/${o.objectId}`}>{o.displayNumber}</Link>
                      </td>
                      <td>{o.name}</td>
                      <td title={o.toLocationPath ?? undefined} className={o.toLocationCode ? 'ltr' : undefined}>
                        {o.toLocationCode ?? t('compare.unknownPlace')}
                      </td>
                      <td>
                        {o.fromCondition !== o.toCondition && o.conditionWorse
                          ? `${o.fromCondition ?? t('measures.notAssessed')} ${arrow} ${o.toCondition ?? t('measures.notAssessed')}`
                          : (o.toCondition ?? t('measures.notAssessed'))}
                      </td>
                      <td>{formatList(o.reasons.map((r) => t(`report.reason.${r}`)))}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          </>
        )}
      </section>

      <footer className="report-footer">
        <Text size="xs" c="dimmed" component="p">
          {t('report.footer', { catalogue: report.catalogueName })}
        </Text>
      </footer>
    </article>
  );
}
