import { Button } from '@mantine/core';
import { IconFileExport } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ExportDialog, type ExportContext } from './ExportDialog';

/** "Export…" on a page: opens the export dialog with this page's location or list chosen. */
export function ExportButton({ context }: { context: ExportContext }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button variant="default" leftSection={<IconFileExport size={16} aria-hidden />} onClick={() => setOpen(true)}>
        {t('exchange.export.button')}
      </Button>
      {open && <ExportDialog context={context} onClose={() => setOpen(false)} />}
    </>
  );
}
