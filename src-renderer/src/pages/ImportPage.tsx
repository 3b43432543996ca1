import { Alert, Button, Stack, Stepper, Text } from '@mantine/core';
import type { Output } from '@contract';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { uploadFile } from '../api/client';
import { useJob } from '../api/jobs';
import { BackLink } from '../components/BackLink';
import { PageHeader } from '../components/PageHeader';
import { ImportDone } from '../components/exchange/ImportDone';
import { ImportFileStep } from '../components/exchange/ImportFileStep';
import { ImportLayoutStep } from '../components/exchange/ImportLayoutStep';
import { ImportMappingStep, type ImportChoices } from '../components/exchange/ImportMappingStep';
import { ImportPreviewStep } from '../components/exchange/ImportPreviewStep';
import { JobProgress } from '../components/exchange/JobProgress';
import { PastImports } from '../components/exchange/PastImports';
import { describeError } from '../lib/notify';
import '../components/exchange/exchange.css';

type Inspected = Output<'imports.inspect'>;
type Preview = Output<'imports.preview'>;
export interface Source {
  uploadId: string;
  name: string;
}

type Step = 'file' | 'layout' | 'mapping' | 'preview' | 'done';
const STEPS: Step[] = ['file', 'layout', 'mapping', 'preview', 'done'];

/**
 * The spreadsheet import wizard: a file, its sheet and header row, the columns mapped to fields, a dry run that
 * shows every row's fate, then the import itself, in one step that can be undone.
 */
export function ImportPage() {
  const { t, i18n } = useTranslation();
  const job = useJob();
  const [step, setStep] = useState<Step>('file');
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [source, setSource] = useState<Source | null>(null);
  const [inspected, setInspected] = useState<Inspected | null>(null);
  const [top, setTop] = useState<Inspected | null>(null);
  const [choices, setChoices] = useState<ImportChoices>({ mapping: {}, createLocations: false, addTerms: true, dateOrder: {}, termPlacement: {}, movements: false });
  const [preview, setPreview] = useState<Preview | null>(null);
  const [result, setResult] = useState<Preview | null>(null);

  /** Runs a step's work with its progress shown; an error is shown on the step, nothing else changes. */
  async function work<T>(label: string, fn: () => Promise<T>): Promise<T | null> {
    setBusy(label);
    setError(null);
    try {
      return await fn();
    } catch (caught) {
      setError(caught);
      return null;
    } finally {
      setBusy(null);
    }
  }

  async function inspect(from: Source, sheet?: string, headerRow?: number) {
    const found = await work(t('exchange.import.reading', { file: from.name }), async () => {
      const read = await job.run('imports.inspect', { source: from, sheet, headerRow });
      // The rows above the header (titles, notes) are shown too, so the user sees why that row was chosen.
      const raw = read.headerRow > 1 ? await job.run('imports.inspect', { source: from, sheet: read.sheet ?? undefined, headerRow: 1 }) : null;
      return { read, raw };
    });
    if (!found) return;
    setInspected(found.read);
    setTop(found.raw);
    // A Storeroom workbook brings its history when it has one; typos in another file's location codes are not made into locations.
    setChoices((c) => ({ ...c, mapping: found.read.suggestedMapping, dateOrder: {}, termPlacement: {}, movements: found.read.movementsSheet !== null }));
    setStep('layout');
  }

  async function choose(file: File) {
    const uploaded = await work(t('exchange.import.uploading', { file: file.name }), async () => ({ uploadId: await uploadFile(file), name: file.name }));
    if (!uploaded) return;
    setSource(uploaded);
    await inspect(uploaded);
  }

  const options = () => ({
    source: source!,
    sheet: inspected?.sheet ?? undefined,
    headerRow: inspected?.headerRow,
    mapping: choices.mapping,
    createLocations: choices.createLocations,
    addTerms: choices.addTerms,
    dateOrder: Object.keys(choices.dateOrder).length ? choices.dateOrder : undefined,
    termPlacement: Object.keys(choices.termPlacement).length ? choices.termPlacement : undefined,
    movements: choices.movements || undefined,
    // The import report is written in the reader's language.
    language: i18n.resolvedLanguage ?? 'en',
  });

  async function runPreview() {
    const done = await work(t('exchange.import.previewing'), () => job.run('imports.preview', options()));
    if (!done) return;
    setPreview(done);
    setStep('preview');
  }

  async function commit() {
    const done = await work(t('exchange.import.committing'), () => job.run('imports.commit', options()));
    if (!done) return;
    setResult(done);
    setStep('done');
  }

  const restart = () => {
    setStep('file');
    setSource(null);
    setInspected(null);
    setTop(null);
    setPreview(null);
    setResult(null);
    setError(null);
  };

  const failure = error ? describeError(t, error) : null;

  return (
    <Stack gap="lg" pb="xl" className="import-page" maw={1200}>
      <BackLink />
      <PageHeader title={t('exchange.import.title')} subtitle={source ? t('exchange.import.file', { file: source.name }) : t('exchange.import.intro')} />
      <Stepper active={STEPS.indexOf(step)} size="sm" className="import-stepper" allowNextStepsSelect={false}>
        {STEPS.map((s) => (
          <Stepper.Step key={s} label={t(`exchange.steps.${s}`)} />
        ))}
      </Stepper>
      {failure && (
        <Alert color="red" variant="light" icon={<IconAlertTriangle aria-hidden />} title={failure.title} role="alert" data-testid="import-error">
          <Stack gap="xs" align="flex-start">
            <Text size="sm">{failure.detail}</Text>
            {step === 'file' && source && (
              <Button size="compact-sm" variant="white" color="red" onClick={restart}>
                {t('exchange.import.chooseAnother')}
              </Button>
            )}
          </Stack>
        </Alert>
      )}
      {busy ? (
        <JobProgress label={busy} progress={job.progress} onCancel={job.running ? job.cancel : undefined} />
      ) : step === 'file' ? (
        <>
          <ImportFileStep onFile={(file) => void choose(file)} />
          <PastImports />
        </>
      ) : step === 'layout' && inspected ? (
        <ImportLayoutStep
          inspected={inspected}
          top={top}
          onSheet={(sheet) => void inspect(source!, sheet)}
          onHeaderRow={(row) => void inspect(source!, inspected.sheet ?? undefined, row)}
          onBack={restart}
          onNext={() => setStep('mapping')}
        />
      ) : step === 'mapping' && inspected ? (
        <ImportMappingStep inspected={inspected} choices={choices} onChange={setChoices} onBack={() => setStep('layout')} onNext={() => void runPreview()} />
      ) : step === 'preview' && preview ? (
        <ImportPreviewStep preview={preview} onBack={() => setStep('mapping')} onCommit={() => void commit()} />
      ) : step === 'done' && result ? (
        <ImportDone result={result} onAnother={restart} />
      ) : null}
    </Stack>
  );
}
