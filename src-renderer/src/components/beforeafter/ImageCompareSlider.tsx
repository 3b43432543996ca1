import { useRef, useState, type KeyboardEvent, type PointerEvent } from 'react';
import { useDirection } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/**
 * Two photos from one viewpoint laid over each other: the earlier one before a divider, the later one after it (on
 * the left and the right; mirrored in a right-to-left language). Drag the divider (mouse, touch or pen), or focus it
 * and use the arrow keys, Page Up/Down, Home and End. `position` is how much of the earlier photo shows.
 */
export function ImageCompareSlider({
  fromSrc,
  toSrc,
  fromLabel,
  toLabel,
  fromDetail,
  toDetail,
  alt,
  initial = 50,
}: {
  fromSrc: string;
  toSrc: string;
  /** The milestones' names, for the tags on the photos and the divider's label. */
  fromLabel: string;
  toLabel: string;
  /** Shown after the name on each photo's tag: its date. */
  fromDetail?: string;
  toDetail?: string;
  /** What the photos show, for those who cannot see them. */
  alt: string;
  initial?: number;
}) {
  const { t } = useTranslation();
  const [position, setPosition] = useState(initial);
  const frame = useRef<HTMLDivElement>(null);
  const dragging = useRef(false);
  const rtl = useDirection().dir === 'rtl';

  const clamp = (n: number) => Math.min(100, Math.max(0, n));
  const fromPointer = (event: PointerEvent) => {
    const box = frame.current?.getBoundingClientRect();
    if (!box || box.width === 0) return;
    const fromStart = rtl ? box.right - event.clientX : event.clientX - box.left;
    setPosition(clamp((fromStart / box.width) * 100));
  };
  const onKeyDown = (event: KeyboardEvent) => {
    const step = event.shiftKey ? 10 : 2;
    // The arrow towards the later photo shows more of the earlier one.
    const [back, forth] = rtl ? ['ArrowRight', 'ArrowLeft'] : ['ArrowLeft', 'ArrowRight'];
    const next =
      event.key === back || event.key === 'ArrowDown'
        ? position - step
        : event.key === forth || event.key === 'ArrowUp'
          ? position + step
          : event.key === 'PageDown'
            ? position - 10
            : event.key === 'PageUp'
              ? position + 10
              : event.key === 'Home'
                ? 0
                : event.key === 'End'
                  ? 100
                  : null;
    if (next === null) return;
    event.preventDefault();
    setPosition(clamp(next));
  };
  const rounded = Math.round(position);

  return (
    <figure className="ba-slider" aria-label={alt}>
      <div
        ref={frame}
        className="ba-slider-frame"
        onPointerDown={(event) => {
          dragging.current = true;
          event.currentTarget.setPointerCapture(event.pointerId);
          fromPointer(event);
        }}
        onPointerMove={(event) => dragging.current && fromPointer(event)}
        onPointerUp={() => (dragging.current = false)}
        onPointerCancel={() => (dragging.current = false)}
      >
        <img src={toSrc} alt={t('viewpoints.slider.toAlt', { label: toLabel, alt })} className="ba-slider-img ba-slider-to" draggable={false} />
        <img
          src={fromSrc}
          alt={t('viewpoints.slider.fromAlt', { label: fromLabel, alt })}
          className="ba-slider-img ba-slider-from"
          style={{ clipPath: rtl ? `inset(0 0 0 ${100 - position}%)` : `inset(0 ${100 - position}% 0 0)` }}
          draggable={false}
        />
        <span className="ba-slider-tag ba-slider-tag-from" aria-hidden>
          {fromDetail ? `${fromLabel} · ${fromDetail}` : fromLabel}
        </span>
        <span className="ba-slider-tag ba-slider-tag-to" aria-hidden>
          {toDetail ? `${toLabel} · ${toDetail}` : toLabel}
        </span>
        <div className="ba-slider-divider" style={{ left: `${rtl ? 100 - position : position}%` }}>
          <div
            className="ba-slider-handle"
            role="slider"
            tabIndex={0}
            aria-label={t('viewpoints.slider.label', { from: fromLabel, to: toLabel })}
            aria-valuemin={0}
            aria-valuemax={100}
            aria-valuenow={rounded}
            aria-valuetext={t('viewpoints.slider.valueText', { percent: rounded, from: fromLabel, to: toLabel })}
            aria-orientation="horizontal"
            onKeyDown={onKeyDown}
          >
            <span aria-hidden>‹ ›</span>
          </div>
        </div>
      </div>
      <figcaption className="visually-hidden">{t('viewpoints.slider.help')}</figcaption>
    </figure>
  );
}
