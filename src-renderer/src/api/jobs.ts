import { useQueryClient } from '@tanstack/react-query';
import { procedures, type Input, type Output, type ProcedureName, type ProgressEvent } from '@contract';
import { useCallback, useEffect, useRef, useState } from 'react';
import { call, transport } from './client';
import { invalidateTopics } from './hooks';

/**
 * A UUIDv7 (RFC 9562): 48 bits of Unix milliseconds, then random bits, with the version and variant set.
 * The contract names jobs by such ids, so the renderer makes its own before it starts one.
 */
export function uuidv7(): string {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  const now = Date.now();
  for (let i = 0; i < 6; i++) bytes[i] = Math.floor(now / 2 ** (8 * (5 - i))) & 0xff;
  bytes[6] = (bytes[6]! & 0x0f) | 0x70;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * Progress events, fanned out to every hook that follows a job. The stream is opened once, at the first job, and
 * kept: a job started later misses none of its first reports while a new stream would still be connecting.
 */
const progressListeners = new Set<(event: ProgressEvent) => void>();
let progressStream: (() => void) | null = null;
function onProgress(listener: (event: ProgressEvent) => void): () => void {
  progressStream ??= transport.subscribe((event) => {
    if (event.kind === 'progress') progressListeners.forEach((l) => l(event));
  });
  progressListeners.add(listener);
  return () => progressListeners.delete(listener);
}

/** Opens the progress stream ahead of a job, so its first reports are not missed. */
export const followProgress = (): void => void onProgress(() => {})();

/** The latest progress the server reported for a job; null before the first report (or without a job). */
export function useJobProgress(jobId: string | null): ProgressEvent | null {
  const [progress, setProgress] = useState<ProgressEvent | null>(null);
  const [shownFor, setShownFor] = useState(jobId);
  if (shownFor !== jobId) {
    setShownFor(jobId);
    setProgress(null);
  }
  useEffect(() => {
    if (!jobId) return;
    return onProgress((event) => {
      if (event.jobId === jobId) setProgress(event);
    });
  }, [jobId]);
  return progress;
}

/** Procedures that run as jobs: they report progress and can be cancelled. */
export type JobName = { [P in ProcedureName]: (typeof procedures)[P]['kind'] extends 'job' ? P : never }[ProcedureName];

export interface JobRunner {
  /** The job running now, if any: its id names its progress events. */
  jobId: string | null;
  progress: ProgressEvent | null;
  running: boolean;
  /** Starts the job under a fresh id; resolves with its output, or rejects with an ApiError. */
  run<P extends JobName>(procedure: P, input: Omit<Input<P>, 'jobId'>): Promise<Output<P>>;
  /** Asks the server to stop the job; what it finished is kept. */
  cancel(): Promise<void>;
}

/** Runs one job at a time and follows its progress; once it ends, what it changed is refetched. */
export function useJob(): JobRunner {
  const client = useQueryClient();
  const [jobId, setJobId] = useState<string | null>(null);
  const progress = useJobProgress(jobId);
  const current = useRef<string | null>(null);

  useEffect(followProgress, []);

  const run = useCallback(
    async <P extends JobName>(procedure: P, input: Omit<Input<P>, 'jobId'>): Promise<Output<P>> => {
      const id = uuidv7();
      current.current = id;
      setJobId(id);
      try {
        return await call(procedure, { ...input, jobId: id } as Input<P>);
      } finally {
        if (current.current === id) {
          current.current = null;
          setJobId(null);
        }
        void invalidateTopics(client, procedures[procedure].topics);
      }
    },
    [client],
  );

  const cancel = useCallback(async () => {
    const id = current.current;
    if (id) await call('jobs.cancel', { jobId: id });
  }, []);

  return { jobId, progress, running: jobId !== null, run, cancel };
}

/**
 * Where a finished export or import report is downloaded from: `/exports/{id}`, same origin as the app. In a browser
 * the download carries the session's cookie, never a token in its URL.
 */
export function exportUrl(exportId: string): string {
  return `/exports/${exportId}`;
}

/** True in the desktop app, where files come through the app's own protocol rather than the HTTP server. */
export const isDesktop = transport.kind === 'ipc';
