import { Alert, Button, Group, Modal, SegmentedControl, Select, Stack, Text, TextInput } from '@mantine/core';
import { useMediaQuery } from '@mantine/hooks';
import { RATINGS, type Input } from '@contract';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutationProc, useQueryProc } from '../../api/hooks';
import { useFormatters } from '../../lib/format';
import { notifyError, notifySuccess } from '../../lib/notify';
import { LocationSelect } from '../objects/LocationSelect';

type Source = Input<'evacuations.addObjects'>['source'];
type What = 'search' | 'location' | 'selection' | 'prioritized';
const KEEP = 'keep';

/**
 * Put objects on the list, and give them their priority and the criteria behind it, in bulk: what a search finds, what
 * a location holds (everything below it), a selection made in the object list, or every object already given a
 * priority of at least some level.
 */
export function AddObjectsModal({ evacuationId, objectIds, onClose }: { evacuationId: string; objectIds?: string[]; onClose: () => void }) {
  const { t } = useTranslation();
  const { number } = useFormatters();
  const phone = useMediaQuery('(max-width: 36em)');
  const [what, setWhat] = useState<What>(objectIds?.length ? 'selection' : 'location');
  const [words, setWords] = useState('');
  const [locationId, setLocationId] = useState<string | null>(null);
  const [upTo, setUpTo] = useState('2');
  const [priority, setPriority] = useState(objectIds?.length ? '1' : KEEP);
  const [criteria, setCriteria] = useState({ significance: KEEP, vulnerability: KEEP, easeOfHandling: KEEP });

  const source: Source | null =
    what === 'selection' && objectIds?.length
      ? { kind: 'objects', ids: objectIds }
      : what === 'search' && words.trim()
        ? { kind: 'search', filter: { query: words.trim() } }
        : what === 'location' && locationId
          ? { kind: 'contents', locationId }
          : what === 'prioritized'
            ? { kind: 'search', filter: { priority: Number(upTo) } }
            : null;
  const count = useQueryProc(
    'objects.list',
    source?.kind === 'search' ? { ...source.filter, limit: 1 } : source?.kind === 'contents' ? { locationId: source.locationId, limit: 1 } : { limit: 1 },
    { enabled: source !== null && source.kind !== 'objects' },
  );
  const found = source?.kind === 'objects' ? source.ids.length : source ? count.data?.total : undefined;

  const add = useMutationProc('evacuations.addObjects', {
    onSuccess: (result) => {
      notifySuccess(t('evacuation.add.done', { count: result.added, formatted: number(result.added), already: number(result.alreadyListed) }));
      onClose();
    },
    onError: (error) => notifyError(t, error),
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!source) return;
    const set = {
      ...(priority !== KEEP ? { evacuationPriority: priority === 'none' ? null : Number(priority) } : {}),
      ...Object.fromEntries(Object.entries(criteria).filter(([, v]) => v !== KEEP).map(([k, v]) => [k, v === 'none' ? null : v])),
    };
    add.mutate({ evacuationId, source, ...(Object.keys(set).length ? { set } : {}) });
  };

  const choices: { value: What; label: string }[] = [
    ...(objectIds?.length ? [{ value: 'selection' as const, label: t('evacuation.add.selection', { count: objectIds.length }) }] : []),
    { value: 'location', label: t('evacuation.add.location') },
    { value: 'search', label: t('evacuation.add.search') },
    { value: 'prioritized', label: t('evacuation.add.prioritized') },
  ];
  const rating = (key: keyof typeof criteria) => (
    <Stack gap={4} key={key}>
      <Text size="sm" fw={500} id={`criterion-${key}`}>
        {t(`objectsUi.fields.${key}`)}
      </Text>
      <SegmentedControl
        aria-labelledby={`criterion-${key}`}
        value={criteria[key]}
        onChange={(v) => setCriteria((c) => ({ ...c, [key]: v }))}
        data={[{ value: KEEP, label: t('evacuation.add.keep') }, ...RATINGS.map((r) => ({ value: r, label: t(`evacuation.ratings.${r}`) })), { value: 'none', label: t('evacuation.ratings.none') }]}
        fullWidth
        size={phone ? 'sm' : 'sm'}
      />
    </Stack>
  );

  return (
    <Modal opened onClose={onClose} title={t('evacuation.add.title')} size="lg" fullScreen={phone}>
      <form onSubmit={submit}>
        <Stack gap="md">
          <Select label={t('evacuation.add.which')} data={choices} value={what} onChange={(v) => v && setWhat(v as What)} allowDeselect={false} />
          {what === 'search' && (
            <TextInput label={t('evacuation.add.words')} placeholder={t('evacuation.add.wordsPlaceholder')} value={words} onChange={(e) => setWords(e.currentTarget.value)} data-autofocus />
          )}
          {what === 'location' && (
            <LocationSelect label={t('evacuation.add.locationLabel')} description={t('evacuation.add.locationHelp')} value={locationId} onChange={setLocationId} />
          )}
          {what === 'prioritized' && (
            <Select
              label={t('evacuation.add.upTo')}
              data={['1', '2', '3'].map((p) => ({ value: p, label: t(`evacuation.add.upTo${p}`) }))}
              value={upTo}
              onChange={(v) => v && setUpTo(v)}
              allowDeselect={false}
            />
          )}
          {found !== undefined && (
            <Text size="sm" fw={600} data-testid="add-count">
              {t('evacuation.add.count', { count: found, formatted: number(found) })}
            </Text>
          )}
          <Stack gap={4}>
            <Text size="sm" fw={500} id="set-priority">
              {t('objectsUi.fields.evacuationPriority')}
            </Text>
            <Text size="xs" c="dimmed">
              {t('evacuation.add.priorityHelp')}
            </Text>
            <SegmentedControl
              aria-labelledby="set-priority"
              value={priority}
              onChange={setPriority}
              data={[{ value: KEEP, label: t('evacuation.add.keep') }, ...['1', '2', '3'].map((p) => ({ value: p, label: `P${p}` })), { value: 'none', label: t('evacuation.priority.none') }]}
              fullWidth
              size="md"
            />
          </Stack>
          {rating('significance')}
          {rating('vulnerability')}
          {rating('easeOfHandling')}
          {found === 0 && (
            <Alert color="yellow" variant="light">
              {t('evacuation.add.nothing')}
            </Alert>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={add.isPending} disabled={!source || found === 0} data-testid="add-objects-submit">
              {t('evacuation.add.submit', { count: found ?? 0, formatted: number(found ?? 0) })}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
