import { Anchor, Button, Chip, Group, Paper, Stack, Text, TextInput, ThemeIcon, Title } from '@mantine/core';
import type { Output, TreeLocation } from '@contract';
import { useQueryClient } from '@tanstack/react-query';
import {
  IconAlertTriangle,
  IconArrowLeft,
  IconBarcode,
  IconBox,
  IconCircleCheck,
  IconCircleX,
  IconHelpCircle,
  IconMapPinCheck,
  IconPackage,
  IconQuestionMark,
  IconRefresh,
  IconTruck,
  IconTruckDelivery,
} from '@tabler/icons-react';
import { memo, useEffect, useMemo, useRef, useState, type Dispatch, type KeyboardEvent, type ReactNode, type RefObject, type SetStateAction } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { call } from '../api/client';
import { ApiError } from '../api/errors';
import { invalidateTopics, useQueryProc } from '../api/hooks';
import { ErrorState } from '../components/ErrorState';
import { useTreeModel } from '../components/locations/useTreeModel';
import { EvacuationStatusBadge, useBoxName } from '../components/evacuations/shared';
import { useFormatters } from '../lib/format';
import { describeError, notifyError } from '../lib/notify';
import { serverMessage } from '../lib/serverMessages';
import { clearWedge, focusWhenNotScanning, listenToWedge } from '../lib/keyboardWedge';
import '../components/moves/moves.css';
import { CandidateButton } from '../components/scan/CandidateButton';
import { ScanFeedItem } from '../components/scan/ScanFeedItem';
import '../components/evacuations/evacuations.css';

export type ScanMode = 'pack' | 'load' | 'receive';
type Tone = 'pending' | 'moved' | 'already_here' | 'unknown' | 'ambiguous' | 'warning' | 'ask' | 'error' | 'info';
type Candidate = Output<'evacuations.pack'>['candidates'][number];

/** How long after the last answer the page's state is fetched again. */
const REFRESH_AFTER_MS = 600;

interface Entry {
  key: number;
  code: string;
  tone: Tone;
  title: string;
  detail?: string;
  candidates?: Candidate[];
  /** For a number the catalogue does not know: it may be recorded as a found object. */
  canRecord?: boolean;
  /** For an object already in another box: move it here, once the user says so. */
  moveObjectId?: string;
  /** For an object received: its condition on arrival may be noted. */
  conditionFor?: string;
  condition?: string;
}

type Target = { kind: 'box'; id: string; code: string } | { kind: 'place'; id: string; code: string } | null;

const ICONS: Record<Tone, ReactNode> = {
  pending: <IconRefresh size={22} className="rapid-spin" />,
  moved: <IconCircleCheck size={24} />,
  already_here: <IconMapPinCheck size={24} />,
  unknown: <IconCircleX size={24} />,
  ambiguous: <IconHelpCircle size={24} />,
  warning: <IconAlertTriangle size={24} />,
  ask: <IconQuestionMark size={24} />,
  error: <IconAlertTriangle size={24} />,
  info: <IconBox size={24} />,
};

interface ScanHandlers {
  pick: (entry: Entry, candidate: Candidate) => void;
  confirmMove: (entry: Entry) => void;
  recordFound: (entry: Entry) => void;
  noteCondition: (entry: Entry, term: string) => Promise<void>;
}

/** One scan in the feed: drawn again only when it changes, not when another scan is added above it. */
const ScanEntry = memo(function ScanEntry({
  entry,
  found,
  setFound,
  currentBoxCode,
  conditions,
  handlers,
}: {
  entry: Entry;
  found: string | undefined;
  setFound: Dispatch<SetStateAction<Record<number, string>>>;
  currentBoxCode: string | undefined;
  conditions: readonly string[] | undefined;
  handlers: RefObject<ScanHandlers>;
}) {
  const { t } = useTranslation();
  return (
    <ScanFeedItem
      status={entry.tone === 'info' ? 'already_here' : entry.tone}
      icon={ICONS[entry.tone]}
      code={entry.code}
      outcome={entry.title}
      data-testid="scan-entry"
    >
      {entry.detail && (
        <Text size="sm" className="rapid-entry-detail">
          {entry.detail}
        </Text>
      )}
      {entry.moveObjectId && entry.tone === 'ask' && currentBoxCode && (
        <Button mt={6} size="md" color="grape" onClick={() => handlers.current.confirmMove(entry)} data-testid="confirm-move">
          {t('evacuation.scan.moveHere', { box: currentBoxCode })}
        </Button>
      )}
      {entry.canRecord && (
        <Group mt={6} gap="xs" wrap="wrap" align="flex-end">
          <TextInput
            size="md"
            label={t('evacuation.scan.foundName')}
            value={found ?? ''}
            onChange={(ev) => {
              const next = ev.currentTarget.value;
              setFound((f) => ({ ...f, [entry.key]: next }));
            }}
            style={{ flex: '1 1 180px' }}
          />
          <Button size="md" color="orange" onClick={() => handlers.current.recordFound(entry)} disabled={!found?.trim()}>
            {t('evacuation.scan.recordFound')}
          </Button>
        </Group>
      )}
      {entry.candidates && (
        <Stack gap={6} mt={6}>
          {entry.candidates.map((candidate) => (
            <CandidateButton key={candidate.id} candidate={candidate} onPick={() => handlers.current.pick(entry, candidate)} />
          ))}
        </Stack>
      )}
      {entry.conditionFor && (conditions?.length ?? 0) > 0 && (
        <Group gap={6} mt={6} wrap="wrap" aria-label={t('evacuation.scan.conditionOnArrival')} role="group">
          <Text size="xs" fw={600} w="100%">
            {t('evacuation.scan.conditionOnArrival')}
          </Text>
          {conditions!.map((term) => (
            <Chip key={term} size="sm" checked={entry.condition === term} onChange={() => void handlers.current.noteCondition(entry, term)}>
              {term}
            </Chip>
          ))}
        </Group>
      )}
    </ScanFeedItem>
  );
});

/**
 * Scanning for an evacuation, on a phone or with a barcode scanner that types like a keyboard: packing (scan a box,
 * then its objects), leaving (the vehicle named, then each box loaded), and at the destination (scan a box to check it
 * in, then each object found in it; scan a place there to put objects in it). Each scan is recorded at once and says
 * what happened; what needs a decision (an object in another box, a number nobody knows) asks for it.
 */
export function EvacuationScanPage({ mode }: { mode: ScanMode }) {
  const { t } = useTranslation();
  const { number } = useFormatters();
  const { id = '' } = useParams();
  const client = useQueryClient();
  const evacuation = useQueryProc('evacuations.get', { id });
  const boxes = useQueryProc('evacuations.boxes', { evacuationId: id });
  const vocabularies = useQueryProc('vocabularies.get', {}, { enabled: mode === 'receive' });
  // The destination's places, which receiving can scan; packing and loading need no tree (fetched again at each scan).
  const { model } = useTreeModel({ enabled: mode === 'receive' });
  const boxName = useBoxName();
  const storage = `storeroom.evacuation.${id}.${mode}`;
  const [target, setTarget] = useState<Target>(() => {
    try {
      return (JSON.parse(sessionStorage.getItem(storage) ?? 'null') as Target) ?? null;
    } catch {
      return null;
    }
  });
  const [transport, setTransport] = useState('');
  const [contact, setContact] = useState('');
  const [loading, setLoading] = useState(false);
  const [value, setTypedValue] = useState('');
  /** The field's text, typed in it: the keyboard wedge's line so far is the field's now. */
  const setValue = (next: string) => {
    clearWedge();
    setTypedValue(next);
  };
  const [entries, setEntries] = useState<Entry[]>([]);
  const [found, setFound] = useState<Record<number, string>>({});
  const inputRef = useRef<HTMLInputElement>(null);
  const queue = useRef<Promise<void>>(Promise.resolve());
  const reference = useRef<string | undefined>(undefined);
  const keySeq = useRef(0);

  useEffect(() => {
    try {
      sessionStorage.setItem(storage, JSON.stringify(target));
    } catch {
      // No storage: the target lives in memory only.
    }
  }, [storage, target]);

  const e = evacuation.data;
  const destinationId = e ? (e.status === 'returning' ? e.returnLocation?.id : e.destinationLocation?.id) : undefined;
  const active = e?.status === 'under_way' || e?.status === 'returning';
  const ready = mode !== 'load' || loading;
  const boxByCode = useMemo(() => new Map((boxes.data?.boxes ?? []).map((b) => [b.code.toLowerCase(), b])), [boxes.data]);
  const currentBox = target?.kind === 'box' ? boxes.data?.boxes.find((b) => b.id === target.id) : undefined;
  const toFind = useQueryProc('evacuations.items', { evacuationId: id, boxId: target?.id ?? '', status: ['unconfirmed'] }, { enabled: mode === 'receive' && target?.kind === 'box' });

  const focusInput = () => focusWhenNotScanning(inputRef);
  /** Lines a scanner typed outside the field, or before the page had loaded: handled in order, one per render. */
  const [lines, setLines] = useState<string[]>([]);
  const loaded = ready && Boolean(evacuation.data) && Boolean(boxes.data);
  useEffect(() => {
    if (!ready) return undefined;
    return listenToWedge({
      onLine: (line) => setLines((all) => [...all, line]),
      // The rest of the line goes straight into the field, as it did before the page had the focus.
      onTyping: (text) => {
        setTypedValue(text);
        inputRef.current?.focus();
      },
    });
  }, [ready]);

  const add = (entry: Omit<Entry, 'key'>): number => {
    const key = ++keySeq.current;
    setEntries((all) => [{ key, ...entry }, ...all].slice(0, 300));
    return key;
  };
  const update = (key: number, change: Partial<Entry>) => setEntries((all) => all.map((x) => (x.key === key ? { ...x, ...change } : x)));
  /**
   * What the scans changed, fetched again once a burst of them has been answered (each answer already says what
   * became of its scan): a scanner's ten labels in a few seconds are one refetch, not ten.
   */
  const refreshTimer = useRef<ReturnType<typeof setTimeout>>(undefined);
  const refresh = () => {
    clearTimeout(refreshTimer.current);
    refreshTimer.current = setTimeout(() => void invalidateTopics(client, ['evacuations', 'moves', 'objects', 'locations']), REFRESH_AFTER_MS);
  };
  useEffect(() => () => clearTimeout(refreshTimer.current), []);

  /** A destination place, by its code: within the destination, and not one of the boxes. */
  const placeByCode = (code: string): TreeLocation | undefined => {
    if (!destinationId) return undefined;
    const found = model.locations.find((l) => l.code.toLowerCase() === code.toLowerCase());
    if (!found || boxByCode.has(found.code.toLowerCase())) return undefined;
    for (let at: TreeLocation | undefined = found; at; at = at.parentId ? model.byId.get(at.parentId) : undefined) if (at.id === destinationId) return found;
    return undefined;
  };

  const warningOf = (result: { warning: { message: string; key?: string | undefined; params?: Record<string, string | number> | undefined } | null }) =>
    result.warning ? serverMessage(t, result.warning) : undefined;

  const run = (key: number, work: () => Promise<Partial<Entry>>) => {
    queue.current = queue.current.then(async () => {
      try {
        update(key, await work());
      } catch (error) {
        if (error instanceof ApiError && error.key === 'evacuation.inOtherBox') {
          const details = error.details as { objectId?: string } | undefined;
          update(key, { tone: 'ask', title: t('evacuation.scan.inOtherBox'), detail: serverMessage(t, error), moveObjectId: details?.objectId });
        } else {
          update(key, { tone: 'error', title: t('evacuation.scan.notRecorded'), detail: describeError(t, error).detail });
        }
      } finally {
        refresh();
      }
    });
  };

  const packObject = (key: number, code: string, extra: { objectId?: string; move?: boolean; newObjectName?: string } = {}) => {
    if (!currentBox) return;
    const box = currentBox;
    run(key, async () => {
      const input = extra.objectId ? { objectId: extra.objectId } : { number: code };
      const result = await call('evacuations.pack', { evacuationId: id, boxId: box.id, ...input, move: extra.move, newObjectName: extra.newObjectName, reference: reference.current });
      if (result.reference) reference.current = result.reference;
      const name = result.object ? `${result.object.displayNumber} · ${result.object.name}` : code;
      if (result.status === 'packed') {
        const warning = warningOf(result);
        return {
          tone: warning ? 'warning' : 'moved',
          title: t('evacuation.scan.packed', { box: box.code, count: result.boxCount }),
          detail: [name, result.fromLocationCode ? t('evacuation.scan.from', { code: result.fromLocationCode }) : '', warning].filter(Boolean).join(' · '),
          moveObjectId: undefined,
          canRecord: false,
        };
      }
      if (result.status === 'already_in_box') return { tone: 'already_here', title: t('evacuation.scan.alreadyInBox', { box: box.code }), detail: name };
      if (result.status === 'unknown') return { tone: 'unknown', title: t('evacuation.scan.unknown'), detail: t('evacuation.scan.unknownHelp'), canRecord: true };
      return { tone: 'ambiguous', title: t('evacuation.scan.ambiguous', { count: result.candidates.length }), candidates: result.candidates };
    });
  };

  const receiveCode = (key: number, code: string, extra: { objectId?: string; newObjectName?: string } = {}) => {
    const box = target?.kind === 'box' ? target : null;
    run(key, async () => {
      const input = extra.objectId ? { objectId: extra.objectId } : { code };
      const result = await call('evacuations.receive', { evacuationId: id, ...input, boxId: box?.id, newObjectName: extra.newObjectName, reference: reference.current });
      if (result.reference) reference.current = result.reference;
      if (result.kind === 'box' && result.box) {
        setTarget({ kind: 'box', id: result.box.id, code: result.box.code });
        const counts = t('evacuation.scan.boxCounts', { confirmed: number(result.box.confirmed), expected: number(result.box.expected) });
        return result.status === 'arrived'
          ? { tone: 'moved', title: t('evacuation.scan.boxArrived', { box: result.box.code }), detail: counts }
          : { tone: 'already_here', title: t('evacuation.scan.boxAlreadyArrived', { box: result.box.code }), detail: counts };
      }
      const name = result.object ? `${result.object.displayNumber} · ${result.object.name}` : code;
      if (result.status === 'received' || result.status === 'already_received') {
        const warning = warningOf(result);
        return {
          tone: warning ? 'warning' : result.status === 'received' ? 'moved' : 'already_here',
          title: t(result.status === 'received' ? 'evacuation.scan.received' : 'evacuation.scan.alreadyReceived'),
          detail: [name, result.box ? t('evacuation.scan.boxCounts', { confirmed: number(result.box.confirmed), expected: number(result.box.expected) }) : '', warning].filter(Boolean).join(' · '),
          conditionFor: result.object?.id,
          canRecord: false,
        };
      }
      if (result.status === 'unknown') return { tone: 'unknown', title: t('evacuation.scan.unknown'), detail: t('evacuation.scan.unknownHelp'), canRecord: true };
      return { tone: 'ambiguous', title: t('evacuation.scan.ambiguous', { count: result.candidates.length }), candidates: result.candidates };
    });
  };

  const placeCode = (key: number, code: string, place: { id: string; code: string }, objectId?: string) => {
    run(key, async () => {
      const result = await call('evacuations.place', { evacuationId: id, toLocationId: place.id, ...(objectId ? { objectId } : { number: code }), reference: reference.current });
      if (result.reference) reference.current = result.reference;
      const name = result.object ? `${result.object.displayNumber} · ${result.object.name}` : code;
      if (result.status === 'placed') {
        const warning = warningOf(result);
        return { tone: warning ? 'warning' : 'moved', title: t('evacuation.scan.placed', { code: place.code }), detail: [name, warning].filter(Boolean).join(' · ') };
      }
      if (result.status === 'already_there') return { tone: 'already_here', title: t('evacuation.scan.alreadyThere', { code: place.code }), detail: name };
      if (result.status === 'unknown') return { tone: 'unknown', title: t('evacuation.scan.unknown'), detail: t('evacuation.scan.unknownHelp') };
      return { tone: 'ambiguous', title: t('evacuation.scan.ambiguous', { count: result.candidates.length }), candidates: result.candidates };
    });
  };

  const loadCode = (key: number, code: string) => {
    run(key, async () => {
      const result = await call('evacuations.load', { evacuationId: id, code, transport: transport.trim(), contact: contact.trim() || undefined, reference: reference.current });
      if (result.reference) reference.current = result.reference;
      const warning = warningOf(result);
      return result.status === 'loaded'
        ? { tone: warning ? 'warning' : 'moved', title: t('evacuation.scan.loaded', { code: result.code, count: result.objects }), detail: [transport, warning].filter(Boolean).join(' · ') }
        : { tone: 'already_here', title: t('evacuation.scan.alreadyLoaded', { code: result.code }) };
    });
  };

  const scan = (code: string) => {
    const box = boxByCode.get(code.toLowerCase());
    if (mode === 'pack') {
      if (box) {
        setTarget({ kind: 'box', id: box.id, code: box.code });
        reference.current = undefined;
        add({ code, tone: 'info', title: t('evacuation.scan.nowPacking', { box: box.code }), detail: t('evacuation.scan.boxHolds', { count: box.objects }) });
        return;
      }
      if (!currentBox) {
        add({ code, tone: 'error', title: t('evacuation.scan.scanBoxFirst') });
        return;
      }
      packObject(add({ code, tone: 'pending', title: t('evacuation.scan.pending') }), code);
      return;
    }
    if (mode === 'load') {
      loadCode(add({ code, tone: 'pending', title: t('evacuation.scan.pending') }), code);
      return;
    }
    const place = box ? undefined : placeByCode(code);
    if (place) {
      setTarget({ kind: 'place', id: place.id, code: place.code });
      reference.current = undefined;
      add({ code, tone: 'info', title: t('evacuation.scan.nowPlacing', { code: place.code }), detail: place.path });
      return;
    }
    const key = add({ code, tone: 'pending', title: t('evacuation.scan.pending') });
    if (target?.kind === 'place' && !box) placeCode(key, code, target);
    else receiveCode(key, code);
  };

  const scanRef = useRef(scan);
  useEffect(() => {
    scanRef.current = scan;
  });
  // One line at a time: a box scanned becomes the target before the next line is read.
  useEffect(() => {
    if (!loaded || lines.length === 0) return undefined;
    const [first = '', ...rest] = lines;
    const next = setTimeout(() => {
      setLines(rest);
      if (first.trim()) scanRef.current(first.trim());
    });
    return () => clearTimeout(next);
  }, [loaded, lines]);

  const onEnter = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key !== 'Enter') return;
    event.preventDefault();
    // Read the field itself: a fast scanner may type faster than React re-renders.
    const typed = event.currentTarget.value.trim();
    setValue('');
    if (typed) scan(typed);
  };

  const pick = (entry: Entry, candidate: Candidate) => {
    update(entry.key, { tone: 'pending', title: t('evacuation.scan.pending'), candidates: undefined });
    if (mode === 'pack') packObject(entry.key, entry.code, { objectId: candidate.id });
    else if (target?.kind === 'place') placeCode(entry.key, entry.code, target, candidate.id);
    else receiveCode(entry.key, entry.code, { objectId: candidate.id });
    focusInput();
  };
  const confirmMove = (entry: Entry) => {
    update(entry.key, { tone: 'pending', title: t('evacuation.scan.pending') });
    packObject(entry.key, entry.code, { objectId: entry.moveObjectId, move: true });
    focusInput();
  };
  const recordFound = (entry: Entry) => {
    const name = found[entry.key]?.trim();
    if (!name) return;
    update(entry.key, { tone: 'pending', title: t('evacuation.scan.pending'), canRecord: false });
    if (mode === 'pack') packObject(entry.key, entry.code, { newObjectName: name });
    else receiveCode(entry.key, entry.code, { newObjectName: name });
    focusInput();
  };
  const noteCondition = async (entry: Entry, term: string) => {
    if (!entry.conditionFor) return;
    try {
      await call('objects.checkCondition', { objectId: entry.conditionFor, term, note: t('evacuation.scan.conditionNote') });
      update(entry.key, { condition: term });
    } catch (error) {
      notifyError(t, error);
    }
  };

  // The feed, drawn again only when it changes: not on each key a scanner types into the field.
  const handlers = useRef({ pick, confirmMove, recordFound, noteCondition });
  useEffect(() => {
    handlers.current = { pick, confirmMove, recordFound, noteCondition };
  });
  const currentBoxCode = currentBox?.code;
  const conditions = vocabularies.data?.conditions;
  const feed = useMemo(
    () => (
          <Stack gap={8} component="ol" className="rapid-feed" aria-label={t('rapid.feedLabel')} aria-live="polite">
            {entries.length === 0 && (
              <Text size="sm" c="dimmed" ta="center" py="lg">
                {t('rapid.feedEmpty')}
              </Text>
            )}
            {entries.map((entry) => (
              <ScanEntry key={entry.key} entry={entry} found={found[entry.key]} setFound={setFound} currentBoxCode={currentBoxCode} conditions={conditions} handlers={handlers} />
            ))}
          </Stack>
    ),
    [entries, found, currentBoxCode, conditions, t],
  );

  const tally = useMemo(() => {
    const count = (tones: Tone[]) => entries.filter((x) => tones.includes(x.tone)).length;
    return { done: count(['moved', 'warning']), already: count(['already_here']), check: count(['unknown', 'ambiguous', 'ask', 'error']) };
  }, [entries]);

  if (evacuation.isError) return <ErrorState error={evacuation.error} onRetry={() => void evacuation.refetch()} />;
  if (!e) return null;

  const modeIcon = { pack: <IconPackage size={26} />, load: <IconTruck size={26} />, receive: <IconTruckDelivery size={26} /> }[mode];
  const inputLabel =
    mode === 'pack' ? (currentBox ? t('evacuation.scan.packLabel') : t('evacuation.scan.boxLabel')) : mode === 'load' ? t('evacuation.scan.loadLabel') : t('evacuation.scan.receiveLabel');
  const inputHelp =
    mode === 'pack'
      ? currentBox
        ? t('evacuation.scan.packHelp')
        : t('evacuation.scan.boxHelp')
      : mode === 'load'
        ? t('evacuation.scan.loadHelp')
        : target?.kind === 'place'
          ? t('evacuation.scan.placeHelp')
          : target?.kind === 'box'
            ? t('evacuation.scan.unpackHelp')
            : t('evacuation.scan.receiveHelp');

  return (
    <Stack gap="md" className="rapid-page" data-testid={`scan-${mode}`}>
      <Group justify="space-between" align="center" wrap="nowrap" gap="sm">
        <div style={{ minWidth: 0 }}>
          <Anchor component={Link} to={`/evacuations/${id}`} size="sm">
            <Group gap={4} wrap="nowrap">
              <IconArrowLeft size={14} aria-hidden />
              <span>
                {e.code} · {e.name}
              </span>
            </Group>
          </Anchor>
          <Title order={1} size="h3">
            {t(`evacuation.scan.title.${mode}`)}
          </Title>
        </div>
        <EvacuationStatusBadge status={e.status} />
      </Group>

      {!active ? (
        <Paper withBorder radius="lg" p="lg">
          <Text>{t(e.status === 'planned' ? 'evacuation.scan.notStarted' : 'evacuation.scan.notActive')}</Text>
        </Paper>
      ) : mode === 'load' && !loading ? (
        <Paper withBorder radius="lg" p={{ base: 'md', sm: 'xl' }} className="rapid-card">
          <form
            onSubmit={(event) => {
              event.preventDefault();
              if (!transport.trim()) return;
              reference.current = undefined;
              setLoading(true);
              focusInput();
            }}
          >
            <Stack gap="md">
              <Group gap="sm" wrap="nowrap">
                <ThemeIcon size={44} radius="xl" color="orange" aria-hidden>
                  <IconTruck size={26} />
                </ThemeIcon>
                <div>
                  <Text fw={700} size="lg">
                    {t('evacuation.scan.vehicleTitle')}
                  </Text>
                  <Text size="sm" c="dimmed">
                    {t('evacuation.scan.vehicleHelp')}
                  </Text>
                </div>
              </Group>
              <TextInput size="lg" label={t('evacuation.scan.transport')} placeholder={t('evacuation.scan.transportPlaceholder')} value={transport} onChange={(ev) => setTransport(ev.currentTarget.value)} required autoFocus />
              <TextInput size="lg" label={t('evacuation.scan.contact')} placeholder={t('evacuation.scan.contactPlaceholder')} value={contact} onChange={(ev) => setContact(ev.currentTarget.value)} />
              <Button type="submit" size="lg" color="orange" disabled={!transport.trim()} data-testid="start-loading">
                {t('evacuation.scan.startLoading')}
              </Button>
            </Stack>
          </form>
        </Paper>
      ) : (
        <>
          <Paper withBorder radius="lg" p="md" className="evac-scan-target" data-mode={target?.kind === 'place' ? 'place' : mode} aria-live="polite">
            <Group justify="space-between" wrap="nowrap" gap="sm">
              <Group gap="sm" wrap="nowrap" style={{ minWidth: 0, flex: 1 }}>
                <ThemeIcon size={44} radius="xl" color={mode === 'pack' ? 'yellow' : mode === 'load' ? 'orange' : 'teal'} aria-hidden>
                  {modeIcon}
                </ThemeIcon>
                <div style={{ minWidth: 0, flex: 1 }}>
                  <Text size="xs" tt="uppercase" fw={700} lts={0.5}>
                    {mode === 'pack'
                      ? t('evacuation.scan.packingInto')
                      : mode === 'load'
                        ? t('evacuation.scan.loadingInto')
                        : target?.kind === 'place'
                          ? t('evacuation.scan.placingAt')
                          : target?.kind === 'box'
                            ? t('evacuation.scan.unpacking')
                            : t('evacuation.scan.receivingAt')}
                  </Text>
                  <Text fw={800} size="xl" ff="monospace" className="rapid-destination-code" data-testid="scan-target">
                    {mode === 'load' ? transport : target ? target.code : mode === 'pack' ? t('evacuation.scan.noBox') : (e.status === 'returning' ? e.returnLocation?.code : e.destinationLocation?.code)}
                  </Text>
                  {mode === 'load' && contact && <Text size="sm">{contact}</Text>}
                  {currentBox && (
                    <Text size="sm" data-testid="target-counts">
                      {mode === 'pack'
                        ? t('evacuation.scan.boxHolds', { count: currentBox.objects })
                        : t('evacuation.scan.boxCounts', { confirmed: number(currentBox.confirmed), expected: number(currentBox.expected) })}
                    </Text>
                  )}
                </div>
              </Group>
              {(target || mode === 'load') && (
                <Button
                  variant="default"
                  size="lg"
                  onClick={() => {
                    if (mode === 'load') setLoading(false);
                    setTarget(null);
                    reference.current = undefined;
                    focusInput();
                  }}
                >
                  {mode === 'load' ? t('evacuation.scan.changeVehicle') : mode === 'pack' ? t('evacuation.scan.closeBox') : t('evacuation.scan.doneHere')}
                </Button>
              )}
            </Group>
          </Paper>

          {mode === 'pack' && !currentBox && (
            <Group gap="sm" wrap="wrap">
              <Button
                size="lg"
                variant="light"
                color="yellow"
                leftSection={<IconBox size={20} aria-hidden />}
                onClick={async () => {
                  try {
                    const made = await call('evacuations.createBoxes', { evacuationId: id, count: 1, name: boxName('box') });
                    const box = made.boxes[0]!;
                    setTarget({ kind: 'box', id: box.id, code: box.code });
                    reference.current = undefined;
                    add({ code: box.code, tone: 'info', title: t('evacuation.scan.newBoxMade', { box: box.code }), detail: t('evacuation.scan.labelIt') });
                    refresh();
                  } catch (error) {
                    notifyError(t, error);
                  }
                  focusInput();
                }}
                data-testid="scan-new-box"
              >
                {t('evacuation.scan.newBox')}
              </Button>
              {(boxes.data?.boxes ?? [])
                .filter((b) => b.status === 'empty' || b.status === 'packing')
                .slice(0, 8)
                .map((b) => (
                  <Button key={b.id} size="lg" variant="default" ff="monospace" onClick={() => scan(b.code)}>
                    {b.code}
                  </Button>
                ))}
            </Group>
          )}

          <TextInput
            ref={inputRef}
            size="xl"
            className="rapid-input rapid-scan-input"
            label={inputLabel}
            description={inputHelp}
            placeholder={t('evacuation.scan.placeholder')}
            value={value}
            onChange={(ev) => setValue(ev.currentTarget.value)}
            onKeyDown={onEnter}
            autoFocus
            autoComplete="off"
            autoCapitalize="off"
            autoCorrect="off"
            spellCheck={false}
            enterKeyHint="send"
            leftSection={<IconBarcode size={26} aria-hidden />}
            leftSectionWidth={52}
            data-testid="scan-input"
          />

          <div className="rapid-tally" role="status" aria-label={t('rapid.tallyLabel')}>
            <div className="rapid-tally-cell" data-tone="moved" data-testid="tally-done">
              <span className="rapid-tally-value">{number(tally.done)}</span>
              <span className="rapid-tally-label">{t(`evacuation.scan.tally.${mode}`)}</span>
            </div>
            <div className="rapid-tally-cell" data-tone="already">
              <span className="rapid-tally-value">{number(tally.already)}</span>
              <span className="rapid-tally-label">{t('evacuation.scan.tally.already')}</span>
            </div>
            {tally.check > 0 && (
              <div className="rapid-tally-cell" data-tone="check">
                <span className="rapid-tally-value">{number(tally.check)}</span>
                <span className="rapid-tally-label">{t('rapid.tallyCheck')}</span>
              </div>
            )}
          </div>

          {mode === 'receive' && target?.kind === 'box' && (toFind.data?.items.length ?? 0) > 0 && (
            <div className="evac-missing" data-testid="still-to-find">
              <Text size="sm" fw={700} c="red.9">
                {t('evacuation.scan.stillToFind', { count: toFind.data!.total })}
              </Text>
              <Text size="sm" ff="monospace" fw={700} style={{ overflowWrap: 'anywhere' }}>
                {toFind.data!.items.map((i) => i.displayNumber).join(', ')}
              </Text>
            </div>
          )}

          {feed}
        </>
      )}
      {mode === 'receive' && active && (
        <Text size="sm" c="dimmed" ta="center">
          {t('evacuation.scan.placeTip')}
        </Text>
      )}
    </Stack>
  );
}
