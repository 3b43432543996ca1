import { Select, Textarea } from '@mantine/core';
import { MOVE_REASONS, type MoveReason } from '@contract';
import { useTranslation } from 'react-i18next';

/** The why of a move, as every move form asks it: a reason from the list, and an optional free note. */
export function MoveReasonFields({
  reason,
  onReasonChange,
  note,
  onNoteChange,
}: {
  reason: MoveReason;
  onReasonChange: (reason: MoveReason) => void;
  note: string;
  onNoteChange: (note: string) => void;
}) {
  const { t } = useTranslation();
  return (
    <>
      <Select
        label={t('move.reason')}
        data={MOVE_REASONS.map((value) => ({ value, label: t(`reasons.${value}`) }))}
        value={reason}
        onChange={(value) => value && onReasonChange(value as MoveReason)}
        allowDeselect={false}
      />
      <Textarea
        label={t('move.note')}
        placeholder={t('move.notePlaceholder')}
        value={note}
        onChange={(e) => onNoteChange(e.currentTarget.value)}
        autosize
        minRows={2}
        maxLength={2000}
      />
    </>
  );
}
