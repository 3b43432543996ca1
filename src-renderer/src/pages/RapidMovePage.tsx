import { Alert, Anchor, Button, Group, Modal, Paper, Stack, Text, TextInput, ThemeIcon, Title, UnstyledButton } from '@mantine/core';
import type { Output, TreeLocation } from '@contract';
import { useQueryClient } from '@tanstack/react-query';
import {
  IconAlertTriangle,
  IconArrowBackUp,
  IconArrowRight,
  IconBarcode,
  IconCircleCheck,
  IconCircleX,
  IconFlag,
  IconHelpCircle,
  IconMapPin,
  IconMapPinCheck,
  IconPlus,
  IconRefresh,
  IconSwitchHorizontal,
} from '@tabler/icons-react';
import { lazy, Suspense, useEffect, useMemo, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { answerOf, call, send } from '../api/client';
import { invalidateTopics } from '../api/hooks';
import { ApiError } from '../api/errors';
import { newOperationId } from '../api/outbox';
import { ErrorState } from '../components/ErrorState';
import { useOffline } from '../components/layout/OutboxStatus';
import { useTreeModel } from '../components/locations/useTreeModel';
import { CandidateButton } from '../components/scan/CandidateButton';
import { ScanFeedItem } from '../components/scan/ScanFeedItem';
import { CameraScanner, ScanButton } from '../components/scan/CameraScanner';
import { clearWedge, focusWhenNotScanning, listenToWedge } from '../lib/keyboardWedge';
import { formatList, useFormatters } from '../lib/format';
import { describeError } from '../lib/notify';
import '../components/moves/moves.css';
import { useForwardArrow } from '../lib/direction';

/** Recording an object a scan did not find: loaded when needed, not with the page. */
const ObjectFormModal = lazy(() => import('../components/ObjectFormModal').then((m) => ({ default: m.ObjectFormModal })));

type Status = 'pending' | 'moved' | 'already_here' | 'unknown' | 'ambiguous' | 'error';
type Candidate = Output<'moves.scan'>['candidates'][number];

interface Entry {
  key: number;
  /** A scan, or the destination switched by scanning a location's label. */
  kind?: 'scan' | 'destination';
  number: string;
  status: Status;
  toCode: string;
  /** The scan's operation id, from the outbox: while it is pending, its answer is awaited by this id. */
  opId?: string;
  displayNumber?: string;
  name?: string;
  fromCode?: string | null;
  candidates?: Candidate[];
  error?: string;
  /** An ambiguous number the user resolved by choosing one object. */
  picked?: boolean;
  /** The session was undone and this object went back. */
  undone?: boolean;
}

interface Session {
  /** The session's own id: its scans are one group in the outbox, so that they are one batch however they are sent. */
  id: string;
  destinationId: string | null;
  /** The batch every scan joins: returned by the first scan that moved something. */
  reference: string | null;
  /** Batches made by choosing among ambiguous numbers (moves.create cannot join the scan batch). */
  extraReferences: string[];
  entries: Entry[];
  finished: boolean;
  undone: { restored: number; skipped: string[] } | null;
}

const STORAGE = 'storeroom.rapid.session';
const KEPT = 300;
const emptySession = (): Session => ({ id: newOperationId(), destinationId: null, reference: null, extraReferences: [], entries: [], finished: false, undone: null });

function loadSession(): Session {
  try {
    const raw = sessionStorage.getItem(STORAGE);
    if (raw) {
      const session = { ...emptySession(), ...(JSON.parse(raw) as Partial<Session>) };
      // A scan that had not answered before the page was left, and that no outbox holds, is unknown: say so.
      session.entries = session.entries.map((e) => (e.status === 'pending' && !e.opId ? { ...e, status: 'error' as const, error: '' } : e));
      return session;
    }
  } catch {
    // No storage: the session lives in memory only.
  }
  return emptySession();
}

/**
 * Rapid move mode, for the person at the shelf with a phone or a barcode scanner: choose a destination by its
 * code, then scan or type object numbers one after another. Each Enter moves one object at once and says
 * what happened; scanning a location's label makes it the destination, so a whole shelf goes label, objects, next
 * label, with no tap in between. The whole session is one batch of moves, which can be undone as a whole. On a
 * workshop device each scan goes through the outbox: made while the Wi-Fi is down, it shows as pending and is sent,
 * once, when the connection returns.
 */
export function RapidMovePage() {
  const { t } = useTranslation();
  const { number } = useFormatters();
  const { tree, model } = useTreeModel();
  const client = useQueryClient();
  const [session, setSession] = useState<Session>(loadSession);
  const [value, setTypedValue] = useState('');
  /** The field's text, typed in it: the keyboard wedge's line so far is the field's now. */
  const setValue = (next: string) => {
    clearWedge();
    setTypedValue(next);
  };
  const [destinationError, setDestinationError] = useState<string | null>(null);
  const [confirmUndo, setConfirmUndo] = useState(false);
  const [undoing, setUndoing] = useState(false);
  const [camera, setCamera] = useState(false);
  const [recording, setRecording] = useState<Entry | null>(null);
  const inputRef = useRef<HTMLInputElement>(null);
  const keySeq = useRef(session.entries.reduce((max, e) => Math.max(max, e.key), 0));
  /** Lines typed or scanned before the locations had loaded: handled once they have. */
  const waiting = useRef<string[]>([]);
  /** The destination as the last line left it: a scanner types the next line before the page has drawn the last. */
  const destinationIdRef = useRef(session.destinationId);
  const offline = useOffline();

  const destination = session.destinationId ? model.byId.get(session.destinationId) : undefined;
  const phase: 'destination' | 'scanning' | 'finished' = session.finished ? 'finished' : destination ? 'scanning' : 'destination';
  const pendingCount = session.entries.filter((e) => e.status === 'pending').length;

  useEffect(() => {
    try {
      sessionStorage.setItem(STORAGE, JSON.stringify({ ...session, entries: session.entries.slice(0, KEPT) }));
    } catch {
      // Storage full or unavailable: nothing to do.
    }
  }, [session]);

  const focusInput = () => focusWhenNotScanning(inputRef);
  // On a computer the field is ready to type in; on a phone (a coarse pointer) it is not, so that the on-screen
  // keyboard does not cover the camera's button. A scanner's keys are kept either way (the keyboard wedge).
  useEffect(() => {
    if (!window.matchMedia('(pointer: coarse)').matches) focusInput();
  }, []);

  const update = (key: number, change: Partial<Entry>) =>
    setSession((s) => ({ ...s, entries: s.entries.map((e) => (e.key === key ? { ...e, ...change } : e)) }));

  /** Shows a scan's answer in its entry, and keeps the batch reference the first one that moved something returns. */
  const settle = (key: number, answer: Promise<Output<'moves.scan'> | null>) => {
    answer.then(
      (result) => {
        if (!result) return update(key, { status: 'error', error: '' });
        if (result.reference) setSession((s) => (s.reference === result.reference ? s : { ...s, reference: result.reference }));
        update(key, {
          status: result.status,
          displayNumber: result.object?.displayNumber,
          name: result.object?.name,
          fromCode: result.object?.fromLocationCode ?? null,
          candidates: result.candidates,
        });
        if (result.status === 'moved') void invalidateTopics(client, ['moves', 'objects', 'locations']);
      },
      (error: unknown) => update(key, { status: 'error', error: describeError(t, error).detail }),
    );
  };

  // Scans still pending when the page was left (reloaded, or the phone slept): their answers, once sent.
  useEffect(() => {
    for (const entry of session.entries) {
      if (entry.status === 'pending' && entry.opId) settle(entry.key, answerOf('moves.scan', entry.opId));
    }
    // Once, for the entries the page opened with.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const scan = (typed: string, to: TreeLocation) => {
    const key = ++keySeq.current;
    // One scan at a time, in order, through the outbox: each joins the batch the first one started.
    const { opId, result } = send('moves.scan', { toLocationId: to.id, number: typed }, { group: session.id });
    setSession((s) => ({ ...s, undone: null, entries: [{ key, kind: 'scan', number: typed, status: 'pending', toCode: to.code, ...(opId ? { opId } : {}) }, ...s.entries] }));
    settle(key, result);
  };

  /** The location with this code (letter case aside), or why it cannot be a destination. */
  const locationFor = (typed: string): { found: TreeLocation; archived: boolean } | null => {
    const code = typed.trim().toLowerCase();
    const index = model.locations.findIndex((l) => l.code.toLowerCase() === code);
    return index < 0 ? null : { found: model.locations[index]!, archived: model.hidden[index] ?? false };
  };

  const switchTo = (found: TreeLocation, announce: boolean) => {
    destinationIdRef.current = found.id;
    setDestinationError(null);
    setSession((s) => ({
      ...s,
      destinationId: found.id,
      finished: false,
      entries: announce ? [{ key: ++keySeq.current, kind: 'destination', number: found.code, status: 'moved', toCode: found.code }, ...s.entries] : s.entries,
    }));
  };

  const chooseDestination = (typed: string) => {
    if (!typed.trim()) return;
    const location = locationFor(typed);
    if (!location) return setDestinationError(t('rapid.unknownDestination', { code: typed.trim() }));
    if (location.archived) return setDestinationError(t('rapid.archivedDestination', { code: location.found.code }));
    // The field only: a scanner's next line may already be on its way through the keyboard wedge.
    setTypedValue('');
    switchTo(location.found, false);
    focusInput();
  };

  /** One line typed, scanned by a keyboard scanner, or read by the camera. */
  const handle = (typed: string) => {
    const text = typed.trim();
    if (!text) return;
    if (tree.isPending) {
      waiting.current.push(text);
      return;
    }
    const current = session.finished || !destinationIdRef.current ? undefined : model.byId.get(destinationIdRef.current);
    if (!current) return chooseDestination(text);
    // A location's label switches the destination: the objects after it go there.
    const location = locationFor(text);
    if (location && !location.archived) {
      if (location.found.id !== current.id) switchTo(location.found, true);
      return;
    }
    if (location?.archived) return setDestinationError(t('rapid.archivedDestination', { code: location.found.code }));
    scan(text, current);
  };
  const handleRef = useRef(handle);
  useEffect(() => {
    handleRef.current = handle;
  });

  // What was typed or scanned before the locations loaded (or before this page had opened), handled in order.
  useEffect(() => {
    if (tree.isPending) return;
    const lines = waiting.current.splice(0);
    for (const line of lines) handleRef.current(line);
  }, [tree.isPending, session.destinationId]);

  // A scanner that types like a keyboard: its lines (typed outside the field, even before the page had opened) come
  // here, in order; the line being typed shows in the field.
  useEffect(
    () =>
      listenToWedge({
        onLine: (line) => handleRef.current(line),
        onTyping: (text) => setTypedValue(text),
      }),
    [],
  );

  const pick = async (entry: Entry, candidate: Candidate) => {
    if (!destination) return;
    update(entry.key, { status: 'pending' });
    try {
      const result = await call('moves.create', { objectIds: [candidate.id], toLocationId: destination.id, reason: 'reorganization' });
      setSession((s) => ({ ...s, extraReferences: [...s.extraReferences, result.reference] }));
      update(entry.key, { status: 'moved', picked: true, displayNumber: candidate.displayNumber, name: candidate.name, fromCode: candidate.currentLocationCode });
      void invalidateTopics(client, ['moves', 'objects', 'locations']);
    } catch (error) {
      if (error instanceof ApiError && error.code === 'CONFLICT') {
        update(entry.key, { status: 'already_here', picked: true, displayNumber: candidate.displayNumber, name: candidate.name });
      } else {
        update(entry.key, { status: 'ambiguous', error: describeError(t, error).detail });
      }
    }
    focusInput();
  };

  const retry = (entry: Entry) => {
    if (!destination) return;
    setSession((s) => ({ ...s, entries: s.entries.filter((e) => e.key !== entry.key) }));
    scan(entry.number, destination);
    focusInput();
  };

  const onEnter = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key !== 'Enter') return;
    event.preventDefault();
    // Read the field itself: a fast scanner may type faster than React re-renders.
    const typed = event.currentTarget.value.trim();
    setValue('');
    if (typed) handle(typed);
  };

  const references = [session.reference, ...session.extraReferences].filter((r): r is string => r !== null);
  const undo = async () => {
    setUndoing(true);
    let restored = 0;
    const skipped: string[] = [];
    try {
      for (const reference of references) {
        const result = await call('moves.undo', { reference });
        restored += result.restored;
        skipped.push(...result.skipped.map((s) => s.displayNumber));
      }
      const stayed = new Set(skipped);
      setSession((s) => ({
        ...s,
        // A new group: scans after the undo start a new batch.
        id: newOperationId(),
        reference: null,
        extraReferences: [],
        undone: { restored, skipped },
        entries: s.entries.map((e) => (e.status === 'moved' && e.kind !== 'destination' && !stayed.has(e.displayNumber ?? e.number) ? { ...e, undone: true } : e)),
      }));
    } catch (error) {
      setSession((s) => ({ ...s, undone: null }));
      setDestinationError(describeError(t, error).detail);
    } finally {
      setUndoing(false);
      setConfirmUndo(false);
      void invalidateTopics(client, ['moves', 'objects', 'locations']);
      focusInput();
    }
  };

  const startOver = () => {
    destinationIdRef.current = null;
    setSession(emptySession());
    setValue('');
    focusInput();
  };

  const tally = useMemo(() => {
    const scans = session.entries.filter((e) => e.kind !== 'destination');
    const count = (status: Status) => scans.filter((e) => e.status === status && !e.undone).length;
    return { moved: count('moved'), already: count('already_here'), unknown: count('unknown'), ambiguous: count('ambiguous'), errors: count('error'), pending: count('pending') };
  }, [session.entries]);

  const suggestions = useMemo(() => {
    const q = value.trim().toLowerCase();
    if (phase !== 'destination' || !q) return [];
    const out: TreeLocation[] = [];
    for (let i = 0; i < model.locations.length && out.length < 6; i++) {
      const l = model.locations[i]!;
      if (!model.hidden[i] && l.code.toLowerCase().startsWith(q)) out.push(l);
    }
    return out;
  }, [value, phase, model]);

  if (tree.isError) return <ErrorState error={tree.error} onRetry={() => void tree.refetch()} />;

  /** Offered while scanning and once finished: undoes every move of this session, after a confirmation. */
  const undoSessionButton = (
    <Button
      size="lg"
      variant="outline"
      color="red"
      leftSection={<IconArrowBackUp size={20} aria-hidden />}
      disabled={references.length === 0 || pendingCount > 0}
      onClick={() => setConfirmUndo(true)}
    >
      {t('rapid.undoSession')}
    </Button>
  );

  const scanner = camera && phase !== 'finished' && (
    <CameraScanner onCode={(text) => handleRef.current(text)} onClose={() => setCamera(false)} hint={phase === 'destination' ? t('workshop.rapid.cameraDestination') : t('workshop.rapid.cameraObjects')} />
  );

  return (
    <Stack gap="md" className="rapid-page">
      <Group justify="space-between" align="center" wrap="nowrap" gap="sm">
        <Title order={1} size="h3">
          {t('rapid.title')}
        </Title>
        {session.reference && (
          <Text size="sm" c="dimmed" ff="monospace" aria-label={t('rapid.referenceLabel', { reference: session.reference })}>
            {session.reference}
          </Text>
        )}
      </Group>

      {phase === 'scanning' && destination && (
        <Paper withBorder radius="lg" p="md" className="rapid-destination" aria-live="polite">
          <Group justify="space-between" wrap="nowrap" gap="sm" className="rapid-destination-row">
            <Group gap="sm" wrap="nowrap" style={{ minWidth: 0, flex: 1 }}>
              <ThemeIcon size={44} radius="xl" color="teal" aria-hidden>
                <IconMapPinCheck size={26} />
              </ThemeIcon>
              <div style={{ minWidth: 0, flex: 1 }}>
                <Text size="xs" tt="uppercase" fw={700} c="teal.8" lts={0.5}>
                  {t('rapid.movingTo')}
                </Text>
                <Text fw={800} size="xl" ff="monospace" className="rapid-destination-code" data-testid="rapid-destination">
                  {destination.code}
                </Text>
                <Text size="sm" c="dimmed" truncate>
                  {destination.path}
                </Text>
              </div>
            </Group>
            <Button
              variant="default"
              size="md"
              leftSection={<IconSwitchHorizontal size={18} aria-hidden />}
              onClick={() => {
                destinationIdRef.current = null;
                setSession((s) => ({ ...s, destinationId: null }));
                setValue('');
                focusInput();
              }}
              className="rapid-change"
            >
              {t('rapid.changeDestination')}
            </Button>
          </Group>
        </Paper>
      )}

      {/* One place for the camera whatever the step, so that it keeps running when a label sets the destination. */}
      {scanner}

      {phase === 'destination' && (
        <StepCard icon={<IconMapPin size={26} />} iconVariant="light" title={t('rapid.step1')} help={t('rapid.step1Help')}>
          <TextInput
            ref={inputRef}
            size="xl"
            className="rapid-input"
            aria-label={t('rapid.destinationLabel')}
            placeholder={t('rapid.destinationPlaceholder')}
            value={value}
            onChange={(e) => {
              setValue(e.currentTarget.value);
              setDestinationError(null);
            }}
            onKeyDown={onEnter}
            onFocus={clearWedge}
            error={destinationError}
            autoComplete="off"
            autoCapitalize="characters"
            autoCorrect="off"
            spellCheck={false}
            enterKeyHint="go"
            leftSection={<IconBarcode size={26} aria-hidden />}
            leftSectionWidth={52}
          />
          {suggestions.length > 0 && (
            <Stack gap={6} role="list" aria-label={t('rapid.suggestions')}>
              {suggestions.map((l) => (
                <UnstyledButton key={l.id} className="rapid-suggestion" role="listitem" onClick={() => chooseDestination(l.code)}>
                  <Text fw={700} ff="monospace" size="lg">
                    {l.code}
                  </Text>
                  <Text size="sm" c="dimmed" truncate>
                    {l.path}
                  </Text>
                </UnstyledButton>
              ))}
            </Stack>
          )}
          <Group gap="sm" grow className="rapid-actions">
            {!camera && <ScanButton onClick={() => setCamera(true)} />}
            <Button size="lg" onClick={() => chooseDestination(value)} disabled={!value.trim()} rightSection={<IconArrowRight size={20} aria-hidden />}>
              {t('rapid.useDestination')}
            </Button>
          </Group>
        </StepCard>
      )}

      {phase === 'scanning' && destination && (
        <>

          <TextInput
            ref={inputRef}
            size="xl"
            className="rapid-input rapid-scan-input"
            label={t('rapid.numberLabel')}
            description={t('workshop.rapid.step2Help')}
            placeholder={t('rapid.numberPlaceholder')}
            value={value}
            onChange={(e) => setValue(e.currentTarget.value)}
            onKeyDown={onEnter}
            onFocus={clearWedge}
            autoComplete="off"
            autoCapitalize="off"
            autoCorrect="off"
            spellCheck={false}
            enterKeyHint="send"
            leftSection={<IconBarcode size={26} aria-hidden />}
            leftSectionWidth={52}
          />

          <Tally tally={tally} />
          {tally.pending > 0 && offline && (
            <Alert color="yellow" variant="light" role="status" data-testid="rapid-offline">
              {t('workshop.rapid.offline', { count: tally.pending })}
            </Alert>
          )}

          <Group gap="sm" grow className="rapid-actions">
            {!camera && <ScanButton onClick={() => setCamera(true)} />}
            <Button size="lg" color="teal" leftSection={<IconFlag size={20} aria-hidden />} onClick={() => setSession((s) => ({ ...s, finished: true }))}>
              {t('rapid.finish')}
            </Button>
            {undoSessionButton}
          </Group>

          {session.undone && <UndoneReport undone={session.undone} />}
          {destinationError && (
            <Alert color="red" variant="light" role="alert">
              {destinationError}
            </Alert>
          )}

          <Feed entries={session.entries} onPick={pick} onRetry={retry} onRecord={setRecording} offline={offline} />
        </>
      )}

      {phase === 'finished' && (
        <StepCard
          icon={<IconFlag size={24} />}
          iconColor="teal"
          title={t('rapid.finishedTitle')}
          help={
            session.reference
              ? t('rapid.finishedBody', { reference: session.reference, count: tally.moved, formatted: number(tally.moved) })
              : t('rapid.finishedNothing')
          }
        >
          <Tally tally={tally} />
          {session.undone && <UndoneReport undone={session.undone} />}
          <Group gap="sm" grow className="rapid-actions">
            <Button size="lg" leftSection={<IconRefresh size={20} aria-hidden />} onClick={startOver}>
              {t('rapid.newSession')}
            </Button>
            {undoSessionButton}
          </Group>
          <Group gap="md">
            <Button variant="subtle" onClick={() => setSession((s) => ({ ...s, finished: false }))}>
              {t('rapid.continue')}
            </Button>
            <Anchor component={Link} to="/batches" size="sm" className="rapid-link">
              {t('rapid.seeBatches')}
            </Anchor>
          </Group>
          <Feed entries={session.entries} onPick={pick} onRetry={retry} onRecord={setRecording} offline={offline} readOnly />
        </StepCard>
      )}

      <Modal opened={confirmUndo} onClose={() => setConfirmUndo(false)} title={t('rapid.undoTitle')} centered>
        <Stack gap="md">
          <Text size="sm">{t('rapid.undoBody', { count: tally.moved, formatted: number(tally.moved) })}</Text>
          <Group justify="flex-end" gap="sm">
            <Button variant="default" onClick={() => setConfirmUndo(false)}>
              {t('common.cancel')}
            </Button>
            <Button color="red" loading={undoing} onClick={() => void undo()} leftSection={<IconArrowBackUp size={16} aria-hidden />} data-autofocus>
              {t('rapid.undoSubmit')}
            </Button>
          </Group>
        </Stack>
      </Modal>
      {recording && destination && (
        <Suspense fallback={null}>
        <ObjectFormModal
          initialNumber={recording.number}
          onClose={() => setRecording(null)}
          onCreated={(created) => {
            // Recorded: now moved here like any other scan.
            setSession((s) => ({ ...s, entries: s.entries.filter((e) => e.key !== recording.key) }));
            scan(created.displayNumber, destination);
          }}
        />
        </Suspense>
      )}
    </Stack>
  );
}

/** A full-width step of the session (choosing the destination, the end): its icon, title and help, then the step. */
function StepCard({ icon, iconColor, iconVariant, title, help, children }: { icon: ReactNode; iconColor?: string; iconVariant?: 'light'; title: string; help: string; children: ReactNode }) {
  return (
    <Paper withBorder radius="lg" p={{ base: 'md', sm: 'xl' }} className="rapid-card">
      <Stack gap="md">
        <Group gap="sm" wrap="nowrap">
          <ThemeIcon size={44} radius="xl" color={iconColor} variant={iconVariant} aria-hidden>
            {icon}
          </ThemeIcon>
          <div>
            <Text fw={700} size="lg">
              {title}
            </Text>
            <Text size="sm" c="dimmed">
              {help}
            </Text>
          </div>
        </Group>
        {children}
      </Stack>
    </Paper>
  );
}

function Tally({ tally }: { tally: { moved: number; already: number; unknown: number; ambiguous: number; errors: number; pending: number } }) {
  const { t } = useTranslation();
  const { number } = useFormatters();
  const cell = (label: string, value: number, tone: string, testId: string) => (
    <div className="rapid-tally-cell" data-tone={tone} data-testid={testId}>
      <span className="rapid-tally-value">{number(value)}</span>
      <span className="rapid-tally-label">{label}</span>
    </div>
  );
  return (
    <div className="rapid-tally" role="status" aria-label={t('rapid.tallyLabel')}>
      {cell(t('rapid.tallyMoved'), tally.moved, 'moved', 'tally-moved')}
      {cell(t('rapid.tallyAlready'), tally.already, 'already', 'tally-already')}
      {cell(t('rapid.tallyUnknown'), tally.unknown, 'unknown', 'tally-unknown')}
      {tally.ambiguous + tally.errors > 0 && cell(t('rapid.tallyCheck'), tally.ambiguous + tally.errors, 'check', 'tally-check')}
      {tally.pending > 0 && cell(t('workshop.rapid.tallyPending'), tally.pending, 'pending', 'tally-pending')}
    </div>
  );
}

function UndoneReport({ undone }: { undone: { restored: number; skipped: string[] } }) {
  const { t } = useTranslation();
  return (
    <Alert color={undone.skipped.length ? 'yellow' : 'teal'} variant="light" icon={<IconArrowBackUp aria-hidden />} title={t('rapid.undoneTitle')} role="status">
      <Text size="sm">{t('moves.undone', { count: undone.restored })}</Text>
      {undone.skipped.length > 0 && (
        <Text size="sm" mt={4}>
          {t('moves.skippedList', { count: undone.skipped.length, numbers: formatList(undone.skipped, 'enumeration') })}
        </Text>
      )}
    </Alert>
  );
}

const ICONS: Record<Status, ReactNode> = {
  pending: <IconRefresh size={22} className="rapid-spin" />,
  moved: <IconCircleCheck size={24} />,
  already_here: <IconMapPinCheck size={24} />,
  unknown: <IconCircleX size={24} />,
  ambiguous: <IconHelpCircle size={24} />,
  error: <IconAlertTriangle size={24} />,
};

function Feed({
  entries,
  onPick,
  onRetry,
  onRecord,
  offline,
  readOnly,
}: {
  entries: Entry[];
  onPick: (entry: Entry, candidate: Candidate) => void;
  onRetry: (entry: Entry) => void;
  onRecord: (entry: Entry) => void;
  offline: boolean;
  readOnly?: boolean;
}) {
  const { t } = useTranslation();
  const arrow = useForwardArrow();
  if (entries.length === 0) {
    return (
      <Text size="sm" c="dimmed" ta="center" py="lg" className="rapid-feed-empty">
        {t('rapid.feedEmpty')}
      </Text>
    );
  }
  return (
    <Stack gap={8} component="ol" className="rapid-feed" aria-label={t('rapid.feedLabel')} aria-live="polite">
      {entries.slice(0, KEPT).map((entry) =>
        entry.kind === 'destination' ? (
          <li key={entry.key} className="rapid-entry rapid-entry-destination" data-status="destination">
            <span className="rapid-entry-icon" aria-hidden>
              <IconMapPinCheck size={24} />
            </span>
            <div className="rapid-entry-body">
              <Text fw={700} size="sm">
                {t('workshop.rapid.switched', { code: entry.toCode })}
              </Text>
            </div>
          </li>
        ) : (
        <ScanFeedItem
          key={entry.key}
          status={entry.status}
          data-undone={entry.undone || undefined}
          icon={ICONS[entry.status]}
          code={entry.displayNumber ?? entry.number}
          outcome={
            <>
              {entry.status === 'pending' && entry.opId ? t(offline ? 'workshop.rapid.notSent' : 'workshop.rapid.sending') : t(`rapid.status.${entry.status}`)}
              {entry.picked ? ` · ${t('rapid.picked')}` : ''}
              {entry.undone ? ` · ${t('rapid.undoneEntry')}` : ''}
            </>
          }
        >
          {(entry.name || entry.status === 'moved') && (
            <Text size="sm" className="rapid-entry-detail">
              {entry.name}
              {entry.name && entry.status === 'moved' && ' · '}
              {entry.status === 'moved' && (
                <span className="rapid-entry-route">
                  <bdi>{entry.fromCode ?? t('rapid.nowhere')}</bdi> {arrow} <bdi>{entry.toCode}</bdi>
                </span>
              )}
            </Text>
          )}
          {entry.status === 'already_here' && <Text size="sm">{t('rapid.alreadyHereHelp', { code: entry.toCode })}</Text>}
          {entry.status === 'unknown' && (
            <>
              <Text size="sm">{t('workshop.rapid.notFound', { number: entry.number })}</Text>
              {!readOnly && (
                <Button size="md" variant="white" color="dark" mt={6} onClick={() => onRecord(entry)} leftSection={<IconPlus size={16} aria-hidden />}>
                  {t('workshop.rapid.record')}
                </Button>
              )}
            </>
          )}
          {entry.status === 'error' && <Text size="sm">{entry.error || t('rapid.errorHelp')}</Text>}
          {entry.status === 'ambiguous' && (
            <Stack gap={6} mt={6}>
              <Text size="sm">{t('rapid.ambiguousHelp', { count: entry.candidates?.length ?? 0 })}</Text>
              {entry.error && (
                <Text size="sm" c="red.8">
                  {entry.error}
                </Text>
              )}
              {!readOnly &&
                entry.candidates?.map((candidate) => (
                  <CandidateButton key={candidate.id} candidate={candidate} onPick={() => onPick(entry, candidate)} />
                ))}
            </Stack>
          )}
          {entry.status === 'error' && !readOnly && (
            <Button size="md" variant="white" color="red" mt={6} onClick={() => onRetry(entry)} leftSection={<IconRefresh size={16} aria-hidden />}>
              {t('common.retry')}
            </Button>
          )}
        </ScanFeedItem>
        ),
      )}
    </Stack>
  );
}
