import { Button, Card, EmptyState, Group, SegmentedControl, Skeleton, Stack, Text, Title } from '@mantine/core';
import type { Milestone, Output } from '@contract';
import { IconArrowRight, IconCamera, IconColumns2, IconPhotoOff } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { mediaUrl } from '../api/client';
import { useQueryProc } from '../api/hooks';
import { BackLink } from '../components/BackLink';
import { ErrorState } from '../components/ErrorState';
import { PageHeader } from '../components/PageHeader';
import { useBaFormat } from '../components/beforeafter/format';
import { ImageCompareSlider } from '../components/beforeafter/ImageCompareSlider';
import { MilestoneSelect } from '../components/beforeafter/MilestoneSelect';
import { milestoneLabel, useMilestones } from '../components/beforeafter/milestones';
import { withParams } from '../lib/searchParams';
import '../components/beforeafter/beforeafter.css';

type Viewpoint = Output<'viewpoints.list'>['viewpoints'][number];
type Mode = 'side' | 'slider';

/** The photos from each viewpoint (of a room, or one viewpoint) at two milestones: side by side, or under a slider. */
export function ViewpointsComparePage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const roomId = params.get('room') ?? undefined;
  const viewpointId = params.get('viewpoint') ?? undefined;
  const mode: Mode = params.get('mode') === 'slider' ? 'slider' : 'side';
  const viewpoints = useQueryProc('viewpoints.list', roomId ? { locationId: roomId } : {});
  const { list, query: milestones, before, after } = useMilestones();

  const from = list.find((m) => m.id === params.get('from')) ?? before ?? list[0];
  const to = list.find((m) => m.id === params.get('to') && m.id !== from?.id) ?? (after && after.id !== from?.id ? after : list.filter((m) => m.id !== from?.id).at(-1));
  const shown = (viewpoints.data?.viewpoints ?? []).filter((v) => !viewpointId || v.id === viewpointId);
  const set = (key: string, value: string) => setParams(withParams({ [key]: value }), { replace: true });
  const single = viewpointId ? shown[0] : undefined;
  const back = single ? `/viewpoints?room=${single.locationId}` : roomId ? `/viewpoints?room=${roomId}` : '/viewpoints';

  return (
    <Stack gap="lg" maw={1180} pb="xl" className="ba-page">
      <BackLink to={back} label={t('viewpoints.backToViewpoints')} />
      <PageHeader
        title={
          single
            ? t('viewpoints.compareTitleOne', { name: single.name, room: single.locationCode })
            : roomId && shown[0]
              ? t('viewpoints.compareTitleRoom', { room: `${shown[0].locationCode} — ${shown[0].locationName}` })
              : t('viewpoints.compareTitle')
        }
        subtitle={t('viewpoints.compareSubtitle')}
        subtitleWidth={640}
      />

      <Group gap="sm" align="flex-end" wrap="wrap">
        <MilestoneSelect label={t('compare.from')} list={list} value={from?.id ?? null} onChange={(id) => set('from', id)} exclude={to?.id} />
        <IconArrowRight size={18} className="ba-select-arrow" aria-hidden />
        <MilestoneSelect label={t('compare.to')} list={list} value={to?.id ?? null} onChange={(id) => set('to', id)} exclude={from?.id} />
        <SegmentedControl
          aria-label={t('viewpoints.mode')}
          value={mode}
          onChange={(v) => set('mode', v)}
          data={[
            { value: 'side', label: t('viewpoints.sideBySide') },
            { value: 'slider', label: t('viewpoints.slider.name') },
          ]}
        />
      </Group>

      {viewpoints.isError || milestones.isError ? (
        <ErrorState error={viewpoints.error ?? milestones.error} onRetry={() => void Promise.all([viewpoints.refetch(), milestones.refetch()])} />
      ) : viewpoints.isPending || milestones.isPending ? (
        <Skeleton h={420} />
      ) : !from || !to ? (
        <EmptyState icon={<IconColumns2 size={28} />} title={t('viewpoints.oneMilestoneTitle')} description={t('viewpoints.oneMilestoneBody')} className="page-empty">
          <Button component={Link} to="/milestones" mt="sm">
            {t('compare.manageMilestones')}
          </Button>
        </EmptyState>
      ) : shown.length === 0 ? (
        <EmptyState icon={<IconCamera size={28} />} title={t('viewpoints.emptyTitle')} description={t('viewpoints.emptyBody')} className="page-empty" />
      ) : (
        shown.map((v) => <ViewpointComparison key={v.id} viewpoint={v} from={from} to={to} mode={mode} showRoom={!roomId && !single} />)
      )}
    </Stack>
  );
}

function ViewpointComparison({ viewpoint, from, to, mode, showRoom }: { viewpoint: Viewpoint; from: Milestone; to: Milestone; mode: Mode; showRoom: boolean }) {
  const { t } = useTranslation();
  const f = useBaFormat();
  const fromPhoto = viewpoint.photos.find((p) => p.milestoneId === from.id)?.photoId;
  const toPhoto = viewpoint.photos.find((p) => p.milestoneId === to.id)?.photoId;
  const fromLabel = milestoneLabel(t, from);
  const toLabel = milestoneLabel(t, to);
  const title = showRoom ? `${viewpoint.locationCode} — ${viewpoint.name}` : viewpoint.name;
  return (
    <Card withBorder radius="md" padding="md" component="article" aria-label={title} data-testid="viewpoint-comparison">
      <Group justify="space-between" align="baseline" mb="sm" wrap="wrap">
        <Title order={2} size="h4">
          {title}
        </Title>
        {viewpoint.notes && (
          <Text size="sm" c="dimmed" className="ba-notes">
            {viewpoint.notes}
          </Text>
        )}
      </Group>
      {mode === 'slider' && fromPhoto && toPhoto ? (
        <ImageCompareSlider
          fromSrc={mediaUrl(fromPhoto, 'preview')}
          toSrc={mediaUrl(toPhoto, 'preview')}
          fromLabel={fromLabel}
          toLabel={toLabel}
          fromDetail={f.date(from.at)}
          toDetail={f.date(to.at)}
          alt={t('viewpoints.slider.alt', { viewpoint: viewpoint.name, room: viewpoint.locationName || viewpoint.locationCode })}
        />
      ) : (
        <div className="ba-pair">
          {[
            { m: from, photo: fromPhoto, label: fromLabel },
            { m: to, photo: toPhoto, label: toLabel },
          ].map(({ m, photo, label }) => (
            <figure key={m.id} className="ba-figure">
              {photo ? (
                <img src={mediaUrl(photo, 'preview')} alt={t('viewpoints.photoAlt', { where: t('viewpoints.slotName', { viewpoint: viewpoint.name, milestone: label }) })} />
              ) : (
                <div className="ba-figure-missing">
                  <IconPhotoOff size={32} aria-hidden />
                  <Text size="sm">{t('viewpoints.noPhoto', { milestone: label })}</Text>
                  <Button component={Link} to={`/viewpoints?room=${viewpoint.locationId}`} size="compact-sm" variant="light" leftSection={<IconCamera size={14} aria-hidden />}>
                    {t('viewpoints.takeIt')}
                  </Button>
                </div>
              )}
              <figcaption>
                <strong>{label}</strong> · {f.dateTime(m.at)}
              </figcaption>
            </figure>
          ))}
        </div>
      )}
      {mode === 'slider' && (!fromPhoto || !toPhoto) && (
        <Text size="xs" c="dimmed" mt="xs">
          {t('viewpoints.slider.needsBoth')}
        </Text>
      )}
    </Card>
  );
}
