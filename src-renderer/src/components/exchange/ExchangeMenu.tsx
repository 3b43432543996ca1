import { ActionIcon, Menu, Tooltip } from '@mantine/core';
import { IconFileExport, IconFileImport, IconFileSpreadsheet, IconPrinter, IconTags } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useSearchParams } from 'react-router';
import { useQueryProc } from '../../api/hooks';
import { readFilters } from '../objects/filters';
import { LabelsDialog, type LabelsContext } from '../labels/LabelsDialog';
import { ExportDialog, type ExportContext } from './ExportDialog';

/** What the page on screen shows: its location, and its words and filters, for "export this". */
function useExportContext(): ExportContext {
  const { pathname } = useLocation();
  const [params] = useSearchParams();
  const locationPage = /^\/locations\/([^/]+)$/.exec(pathname)?.[1];
  const locationId = locationPage ?? (pathname === '/' ? (params.get('location') ?? undefined) : undefined);
  // Only for a location's code: elsewhere (a scanning page, say) the tree is not fetched again at each change.
  const tree = useQueryProc('locations.tree', {}, { enabled: Boolean(locationId) });
  const code = locationId ? tree.data?.locations.find((l) => l.id === locationId)?.code : undefined;
  if (pathname !== '/') return { locationId, locationLabel: code };
  const query = params.get('q')?.trim();
  const filter = { ...readFilters(params), ...(query ? { query } : {}) };
  return { locationId, locationLabel: code, filter: Object.keys(filter).length > 0 ? filter : undefined };
}

/** The header's spreadsheet menu: export to Excel or CSV, import a spreadsheet, photos by file name. */
export function ExchangeMenu() {
  const { t } = useTranslation();
  const { pathname } = useLocation();
  const context = useExportContext();
  const [exporting, setExporting] = useState<ExportContext | null>(null);
  const [labelling, setLabelling] = useState<LabelsContext | null>(null);
  const active = pathname === '/import' || pathname === '/photos/import';
  return (
    <>
      <Menu position="bottom-end" shadow="md" width={260}>
        <Menu.Target>
          <Tooltip label={t('exchange.menu.label')} openDelay={300}>
            <ActionIcon variant={active ? 'light' : 'subtle'} color={active ? 'teal' : 'gray'} size="lg" aria-label={t('exchange.menu.label')} data-testid="exchange-menu" visibleFrom="sm">
              <IconFileSpreadsheet size={20} />
            </ActionIcon>
          </Tooltip>
        </Menu.Target>
        <Menu.Dropdown>
          <Menu.Label>{t('exchange.menu.label')}</Menu.Label>
          <Menu.Item leftSection={<IconFileExport size={16} aria-hidden />} onClick={() => setExporting(context)}>
            {t('exchange.menu.export')}
          </Menu.Item>
          <Menu.Item
            leftSection={<IconPrinter size={16} aria-hidden />}
            onClick={() =>
              setLabelling({
                ...(context.filter ? { filter: { ...context.filter, locationId: context.locationId } } : {}),
                ...(context.locationId ? { locationId: context.locationId, locationCode: context.locationLabel } : {}),
                initial: context.filter ? 'filtered' : 'contents',
              })
            }
            data-testid="exchange-labels"
          >
            {t('labels.menu')}
          </Menu.Item>
          <Menu.Item component={Link} to="/import" leftSection={<IconFileImport size={16} aria-hidden />} aria-current={pathname === '/import' ? 'page' : undefined}>
            {t('exchange.menu.import')}
          </Menu.Item>
          <Menu.Divider />
          <Menu.Item component={Link} to="/photos/import" leftSection={<IconTags size={16} aria-hidden />} aria-current={pathname === '/photos/import' ? 'page' : undefined}>
            {t('exchange.menu.photosByName')}
          </Menu.Item>
        </Menu.Dropdown>
      </Menu>
      {exporting && <ExportDialog context={exporting} onClose={() => setExporting(null)} />}
      {labelling && <LabelsDialog context={labelling} onClose={() => setLabelling(null)} />}
    </>
  );
}
