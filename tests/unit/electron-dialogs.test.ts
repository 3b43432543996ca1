import { describe, expect, it } from 'vitest';
import { DESKTOP_DIALOGS } from '../../src-main/contract/transport';
import { dialogChoice, dialogSpec, parseDialogRequest, safeFileName, withBundleExtension } from '../../src-main/electron/dialogs';
import { menuLabels } from '../../src-main/electron/menu-labels';

const en = menuLabels('en');
const fr = menuLabels('fr');

const context = { startIn: '/home/ana/Storerooms', catalogueName: 'Museum A' };

describe('the file dialogs the window may ask for', () => {
  it('takes only a known dialog, with at most a proposed name', () => {
    for (const dialog of DESKTOP_DIALOGS) expect(parseDialogRequest({ dialog })).toEqual({ dialog });
    expect(parseDialogRequest({ dialog: 'saveBundle', defaultName: 'Museum A.storeroom-sync' })).toEqual({ dialog: 'saveBundle', defaultName: 'Museum A.storeroom-sync' });
    for (const bad of [null, undefined, 'syncBundle', [], {}, { dialog: 'openAnything' }, { dialog: 'syncBundle', path: '/etc' }, { dialog: 'saveBundle', defaultName: 42 }, { dialog: 'saveBundle', defaultName: 'x'.repeat(300) }]) {
      expect(parseDialogRequest(bad), JSON.stringify(bad)).toBeNull();
    }
  });

  it('keeps a proposed name to one harmless path segment', () => {
    expect(safeFileName('../../etc/passwd')).toBe('-..-etc-passwd');
    expect(safeFileName('Store: B/2 <old>')).toBe('Store- B-2 -old-');
    expect(parseDialogRequest({ dialog: 'fieldCopyFolder', defaultName: '..\\..\\x' })).toEqual({ dialog: 'fieldCopyFolder', defaultName: '-..-x' });
    expect(parseDialogRequest({ dialog: 'fieldCopyFolder', defaultName: ' .. ' })).toEqual({ dialog: 'fieldCopyFolder' });
  });

  it('opens a bundle by its extension, a copy as a folder, in the chosen language', () => {
    const bundle = dialogSpec(fr, { dialog: 'syncBundle' }, context);
    expect(bundle).toMatchObject({ kind: 'open', options: { title: fr.chooseBundleTitle, properties: ['openFile'], defaultPath: context.startIn } });
    expect(bundle.options.filters![0]).toEqual({ name: fr.syncBundles, extensions: ['storeroom-sync'] });
    expect(dialogSpec(en, { dialog: 'syncFolder' }, context)).toMatchObject({ kind: 'open', options: { properties: ['openDirectory'] } });
  });

  it('saves a bundle and names a field copy’s new folder after the catalogue', () => {
    expect(dialogSpec(en, { dialog: 'saveBundle' }, context)).toMatchObject({ kind: 'save', options: { defaultPath: '/home/ana/Storerooms/Museum A.storeroom-sync' } });
    expect(dialogSpec(en, { dialog: 'saveBundle', defaultName: 'Museum A K7Q' }, context).options.defaultPath).toBe('/home/ana/Storerooms/Museum A K7Q.storeroom-sync');
    expect(dialogSpec(fr, { dialog: 'fieldCopyFolder' }, context)).toMatchObject({ kind: 'save', options: { title: fr.fieldCopyTitle, defaultPath: '/home/ana/Storerooms/Museum A – copie de terrain' } });
  });

  it('returns the choice with its name, a bundle always ending in .storeroom-sync; nothing when cancelled', () => {
    expect(dialogChoice({ dialog: 'syncBundle' }, { canceled: false, filePaths: ['/media/usb/Museum A K7Q.storeroom-sync'] })).toEqual({
      path: '/media/usb/Museum A K7Q.storeroom-sync',
      name: 'Museum A K7Q.storeroom-sync',
    });
    expect(dialogChoice({ dialog: 'saveBundle' }, { canceled: false, filePath: '/media/usb/for the museum' })).toEqual({ path: '/media/usb/for the museum.storeroom-sync', name: 'for the museum.storeroom-sync' });
    expect(dialogChoice({ dialog: 'syncFolder' }, { canceled: true, filePaths: ['/x'] })).toBeNull();
    expect(dialogChoice({ dialog: 'syncFolder' }, { canceled: false, filePaths: [] })).toBeNull();
    expect(withBundleExtension('a.STOREROOM-SYNC')).toBe('a.STOREROOM-SYNC');
  });
});
