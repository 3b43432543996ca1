import { useDirection } from '@mantine/core';

/** Whether the interface reads right to left (Arabic). */
export const useRtl = (): boolean => useDirection().dir === 'rtl';

/**
 * A horizontal arrow key as a left-to-right reader means it: in a right-to-left interface the arrow towards the
 * end of a line is ArrowLeft, so ArrowLeft is read as ArrowRight (forward, open, next) and ArrowRight as ArrowLeft.
 */
export function logicalArrow(key: string, rtl: boolean): string {
  if (!rtl) return key;
  return key === 'ArrowLeft' ? 'ArrowRight' : key === 'ArrowRight' ? 'ArrowLeft' : key;
}

/** The arrow from a before to an after, along the line: → in a left-to-right language, ← in a right-to-left one. */
export const useForwardArrow = (): string => (useRtl() ? '←' : '→');

/** The separator between a place and what it holds, in a breadcrumb: › or, right to left, ‹. */
export const useBreadcrumbSeparator = (): string => (useRtl() ? '‹' : '›');
