import { Button, Card, Stack, Text } from '@mantine/core';
import { IconFileSpreadsheet, IconUpload } from '@tabler/icons-react';
import { useRef, useState, type DragEvent } from 'react';
import { useTranslation } from 'react-i18next';

/** Choose the spreadsheet: drop it, or pick it. Nothing is written until the last step. */
export function ImportFileStep({ onFile }: { onFile: (file: File) => void }) {
  const { t } = useTranslation();
  const input = useRef<HTMLInputElement>(null);
  const [dragging, setDragging] = useState(false);
  const onDrop = (event: DragEvent<HTMLDivElement>) => {
    event.preventDefault();
    setDragging(false);
    const file = event.dataTransfer.files[0];
    if (file) onFile(file);
  };
  return (
    <Card withBorder radius="md" padding="lg">
      <div
        className="import-drop"
        data-dragging={dragging || undefined}
        onDragOver={(event) => {
          event.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
        data-testid="import-drop"
      >
        <Stack gap="xs" align="center">
          <IconFileSpreadsheet size={36} aria-hidden className="import-drop-icon" />
          <Text fw={600} ta="center">
            {t('exchange.import.drop')}
          </Text>
          <Text size="sm" c="dimmed" ta="center" maw={520}>
            {t('exchange.import.formats')}
          </Text>
          <Button mt="xs" leftSection={<IconUpload size={16} aria-hidden />} onClick={() => input.current?.click()}>
            {t('exchange.import.choose')}
          </Button>
        </Stack>
      </div>
      <input
        ref={input}
        type="file"
        accept=".xlsx,.csv,.tsv,.txt,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet,text/csv"
        className="visually-hidden"
        tabIndex={-1}
        aria-hidden
        data-testid="import-file-input"
        onChange={(event) => {
          const file = event.currentTarget.files?.[0];
          event.currentTarget.value = '';
          if (file) onFile(file);
        }}
      />
      <Text size="xs" c="dimmed" mt="md">
        {t('exchange.import.safe')}
      </Text>
    </Card>
  );
}
