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
  IconRefresh,
  IconSwitchHorizontal,
} from '@tabler/icons-react';
import { useEffect, useMemo, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { call } from '../api/client';
import { invalidateTopics } from '../api/hooks';
import { ApiError } from '../api/errors';
import { ErrorState } from '../components/ErrorState';
import { useTreeModel } from '../components/locations/useTreeModel';
import { formatList, useFormatters } from '../lib/format';
import { describeError } from '../lib/notify';
import '../components/moves/moves.css';
import { useForwardArrow } from '../lib/direction';

type Status = 'pending' | 'moved' | 'already_here' | 'unknown' | 'ambiguous' | 'error';
type Candidate = Output<'moves.scan'>['candidates'][number];

interface Entry {
  key: number;
  number: string;
  status: Status;
  toCode: string;
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
const EMPTY: Session = { destinationId: null, reference: null, extraReferences: [], entries: [], finished: false, undone: null };

function loadSession(): Session {
  try {
    const raw = sessionStorage.getItem(STORAGE);
    if (raw) {
      const session = { ...EMPTY, ...(JSON.parse(raw) as Partial<Session>) };
      // A scan that had not answered before the page was left is unknown: mark it so, rather than pretend.
      session.entries = session.entries.map((e) => (e.status === 'pending' ? { ...e, status: 'error' as const, error: '' } : e));
      return session;
    }
  } catch {
    // No storage: the session lives in memory only.
  }
  return EMPTY;
}

function isTyping(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName);
}

/**
 * Rapid move mode, for the person at the shelf with a phone or a barcode scanner: choose a destination by its
 * code, then scan or type object numbers one after another. Each Enter moves one object at once and says
 * what happened; the whole session is one batch of moves, which can be undone as a whole.
 */
export function RapidMovePage() {
  const { t } = useTranslation();
  const { number } = useFormatters();
  const { tree, model } = useTreeModel();
  const client = useQueryClient();
  const [session, setSession] = useState<Session>(loadSession);
  const [value, setValue] = useState('');
  const [destinationError, setDestinationError] = useState<string | null>(null);
  const [confirmUndo, setConfirmUndo] = useState(false);
  const [undoing, setUndoing] = useState(false);
  const inputRef = useRef<HTMLInputElement>(null);
  const queue = useRef<Promise<void>>(Promise.resolve());
  const referenceRef = useRef<string | null>(session.reference);
  const keySeq = useRef(session.entries.reduce((max, e) => Math.max(max, e.key), 0));

  const destination = session.destinationId ? model.byId.get(session.destinationId) : undefined;
  const phase: 'destination' | 'scanning' | 'finished' = session.finished ? 'finished' : destination ? 'scanning' : 'destination';

  useEffect(() => {
    try {
      sessionStorage.setItem(STORAGE, JSON.stringify({ ...session, entries: session.entries.slice(0, KEPT) }));
    } catch {
      // Storage full or unavailable: nothing to do.
    }
  }, [session]);

  const focusInput = () => requestAnimationFrame(() => inputRef.current?.focus());

  // Keys typed while the focus is elsewhere on the page (a button just pressed) still reach the input, so a
  // scanner that types like a keyboard never loses a character.
  useEffect(() => {
    if (phase === 'finished') return;
    const onKey = (event: globalThis.KeyboardEvent) => {
      if (isTyping(event.target) || event.ctrlKey || event.metaKey || event.altKey || document.querySelector('[role="dialog"]')) return;
      if (event.key.length !== 1) return;
      event.preventDefault();
      setValue((v) => v + event.key);
      inputRef.current?.focus();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [phase]);

  const update = (key: number, change: Partial<Entry>) =>
    setSession((s) => ({ ...s, entries: s.entries.map((e) => (e.key === key ? { ...e, ...change } : e)) }));

  const scan = (typed: string, to: TreeLocation) => {
    const key = ++keySeq.current;
    setSession((s) => ({ ...s, undone: null, entries: [{ key, number: typed, status: 'pending', toCode: to.code }, ...s.entries] }));
    // One scan at a time, in order: each passes the batch reference the previous one returned.
    queue.current = queue.current.then(async () => {
      try {
        const result = await call('moves.scan', { toLocationId: to.id, number: typed, reference: referenceRef.current ?? undefined });
        if (result.reference && result.reference !== referenceRef.current) {
          referenceRef.current = result.reference;
          setSession((s) => ({ ...s, reference: result.reference }));
        }
        update(key, {
          status: result.status,
          displayNumber: result.object?.displayNumber,
          name: result.object?.name,
          fromCode: result.object?.fromLocationCode ?? null,
          candidates: result.candidates,
        });
      } catch (error) {
        update(key, { status: 'error', error: describeError(t, error).detail });
      }
    });
  };

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

  const chooseDestination = (typed: string) => {
    const code = typed.trim().toLowerCase();
    if (!code) return;
    const index = model.locations.findIndex((l) => l.code.toLowerCase() === code);
    const found = model.locations[index];
    if (!found) return setDestinationError(t('rapid.unknownDestination', { code: typed.trim() }));
    if (model.hidden[index]) return setDestinationError(t('rapid.archivedDestination', { code: found.code }));
    setDestinationError(null);
    setValue('');
    setSession((s) => ({ ...s, destinationId: found.id, finished: false }));
    focusInput();
  };

  const onEnter = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key !== 'Enter') return;
    event.preventDefault();
    // Read the field itself: a fast scanner may type faster than React re-renders.
    const typed = event.currentTarget.value.trim();
    setValue('');
    if (!typed) return;
    if (phase === 'destination') chooseDestination(typed);
    else if (destination) scan(typed, destination);
  };

  const references = [session.reference, ...session.extraReferences].filter((r): r is string => r !== null);
  const undo = async () => {
    setUndoing(true);
    await queue.current;
    let restored = 0;
    const skipped: string[] = [];
    try {
      for (const reference of references) {
        const result = await call('moves.undo', { reference });
        restored += result.restored;
        skipped.push(...result.skipped.map((s) => s.displayNumber));
      }
      referenceRef.current = null;
      const stayed = new Set(skipped);
      setSession((s) => ({
        ...s,
        reference: null,
        extraReferences: [],
        undone: { restored, skipped },
        entries: s.entries.map((e) => (e.status === 'moved' && !stayed.has(e.displayNumber ?? e.number) ? { ...e, undone: true } : e)),
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
    referenceRef.current = null;
    setSession(EMPTY);
    setValue('');
    focusInput();
  };

  const tally = useMemo(() => {
    const count = (status: Status) => session.entries.filter((e) => e.status === status && !e.undone).length;
    return { moved: count('moved'), already: count('already_here'), unknown: count('unknown'), ambiguous: count('ambiguous'), errors: count('error') };
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
      disabled={references.length === 0}
      onClick={() => setConfirmUndo(true)}
    >
      {t('rapid.undoSession')}
    </Button>
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
            error={destinationError}
            autoFocus
            autoComplete="off"
            autoCapitalize="characters"
            autoCorrect="off"
            spellCheck={false}
            enterKeyHint="go"
            leftSection={<IconBarcode size={26} aria-hidden />}
            leftSectionWidth={52}
            disabled={tree.isPending}
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
          <Button size="lg" onClick={() => chooseDestination(value)} disabled={!value.trim()} rightSection={<IconArrowRight size={20} aria-hidden />}>
            {t('rapid.useDestination')}
          </Button>
        </StepCard>
      )}

      {phase === 'scanning' && destination && (
        <>
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

          <TextInput
            ref={inputRef}
            size="xl"
            className="rapid-input rapid-scan-input"
            label={t('rapid.numberLabel')}
            description={t('rapid.step2Help')}
            placeholder={t('rapid.numberPlaceholder')}
            value={value}
            onChange={(e) => setValue(e.currentTarget.value)}
            onKeyDown={onEnter}
            autoFocus
            autoComplete="off"
            autoCapitalize="off"
            autoCorrect="off"
            spellCheck={false}
            enterKeyHint="send"
            leftSection={<IconBarcode size={26} aria-hidden />}
            leftSectionWidth={52}
          />

          <Tally tally={tally} />

          <Group gap="sm" grow className="rapid-actions">
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

          <Feed entries={session.entries} onPick={pick} onRetry={retry} />
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
            <Anchor component={Link} to="/batches" size="sm">
              {t('rapid.seeBatches')}
            </Anchor>
          </Group>
          <Feed entries={session.entries} onPick={pick} onRetry={retry} readOnly />
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

function Tally({ tally }: { tally: { moved: number; already: number; unknown: number; ambiguous: number; errors: number } }) {
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

function Feed({ entries, onPick, onRetry, readOnly }: { entries: Entry[]; onPick: (entry: Entry, candidate: Candidate) => void; onRetry: (entry: Entry) => void; readOnly?: boolean }) {
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
      {entries.slice(0, KEPT).map((entry) => (
        <li key={entry.key} className="rapid-entry" data-status={entry.status} data-undone={entry.undone || undefined}>
          <span className="rapid-entry-icon" aria-hidden>
            {ICONS[entry.status]}
          </span>
          <div className="rapid-entry-body">
            <Group gap="xs" wrap="wrap" align="baseline">
              <Text fw={800} ff="monospace" size="lg" className="rapid-entry-number">
                {entry.displayNumber ?? entry.number}
              </Text>
              <Text fw={700} size="sm" className="rapid-entry-status">
                {t(`rapid.status.${entry.status}`)}
                {entry.picked ? ` · ${t('rapid.picked')}` : ''}
                {entry.undone ? ` · ${t('rapid.undoneEntry')}` : ''}
              </Text>
            </Group>
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
            {entry.status === 'unknown' && <Text size="sm">{t('rapid.unknownHelp')}</Text>}
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
                    <Button
                      key={candidate.id}
                      variant="white"
                      color="dark"
                      size="md"
                      justify="space-between"
                      className="rapid-candidate"
                      onClick={() => onPick(entry, candidate)}
                      rightSection={<Text size="xs" c="dimmed" ff="monospace">{candidate.currentLocationCode ?? t('rapid.nowhere')}</Text>}
                    >
                      <Text span fw={700} ff="monospace" me="xs">
                        {candidate.displayNumber}
                      </Text>
                      <Text span size="sm" truncate>
                        {candidate.name}
                      </Text>
                    </Button>
                  ))}
              </Stack>
            )}
            {entry.status === 'error' && !readOnly && (
              <Button size="compact-md" variant="white" color="red" mt={6} onClick={() => onRetry(entry)} leftSection={<IconRefresh size={14} aria-hidden />}>
                {t('common.retry')}
              </Button>
            )}
          </div>
        </li>
      ))}
    </Stack>
  );
}
