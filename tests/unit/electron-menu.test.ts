import type { MenuItemConstructorOptions } from 'electron';
import { describe, expect, it, vi } from 'vitest';
import { en, MENU_LANGUAGES, menuLabels } from '../../src-main/electron/menu-labels';

const fr = MENU_LANGUAGES.fr!;
import { menuTemplate, type MenuActions } from '../../src-main/electron/menu-template';

function flatten(items: MenuItemConstructorOptions[]): MenuItemConstructorOptions[] {
  return items.flatMap((item) => [item, ...(Array.isArray(item.submenu) ? flatten(item.submenu) : [])]);
}

const actions = (): MenuActions => ({
  openCatalogue: vi.fn(),
  newCatalogue: vi.fn(),
  revealCatalogue: vi.fn(),
  takeFieldCopy: vi.fn(),
  mergeFromBundle: vi.fn(),
  mergeFromFolder: vi.fn(),
  syncWithWorkshop: vi.fn(),
  openWorkshop: vi.fn(),
  about: vi.fn(),
  reOrgMethod: vi.fn(),
});

describe('menu labels', () => {
  it('has every label in every language, none empty', () => {
    for (const [language, labels] of Object.entries(MENU_LANGUAGES)) {
      expect(Object.keys(labels).sort(), language).toEqual(Object.keys(en).sort());
      for (const [key, value] of Object.entries(labels)) expect(value.trim(), `${language}.${key}`).not.toBe('');
    }
  });

  it('is really translated into French', () => {
    const same = Object.keys(en).filter((key) => en[key as keyof typeof en] === fr[key as keyof typeof fr]);
    // Words that are the same in both languages.
    expect(same.sort()).toEqual(['catalogue', 'ok', 'version']);
  });

  it('reads every language folder of resources/locales', () => {
    expect(Object.keys(MENU_LANGUAGES)).toContain('fr');
  });

  it('follows the system locale, falling back to English', () => {
    expect(menuLabels('fr')).toBe(fr);
    expect(menuLabels('fr-CA')).toBe(fr);
    expect(menuLabels('FR_be')).toBe(fr);
    expect(menuLabels('en-GB')).toBe(en);
    expect(menuLabels('xx')).toBe(en);
    expect(menuLabels('')).toBe(en);
    expect(menuLabels(undefined)).toBe(en);
  });
});

describe('menu template', () => {
  it('has File, Edit, View, Window and Help, labelled in the chosen language', () => {
    const template = menuTemplate(fr, actions(), { isPackaged: true, platform: 'linux' });
    expect(template.map((item) => item.label)).toEqual([fr.file, fr.edit, fr.view, fr.window, fr.help]);
    const labels = flatten(template).map((item) => item.label).filter(Boolean);
    for (const key of ['openCatalogue', 'newCatalogue', 'revealCatalogue', 'takeFieldCopy', 'mergeFrom', 'mergeFromBundle', 'mergeFromFolder', 'syncWithWorkshop', 'openWorkshop', 'quit', 'about', 'reOrgMethod', 'reload', 'zoomIn'] as const) {
      expect(labels).toContain(fr[key]);
    }
  });

  it('offers developer tools only when not packaged', () => {
    const roles = (isPackaged: boolean) => flatten(menuTemplate(en, actions(), { isPackaged, platform: 'linux' })).map((item) => item.role);
    expect(roles(false)).toContain('toggleDevTools');
    expect(roles(true)).not.toContain('toggleDevTools');
  });

  it('runs the actions from their items', () => {
    const a = actions();
    const items = flatten(menuTemplate(en, a, { isPackaged: true, platform: 'win32' }));
    const click = (label: string) => (items.find((item) => item.label === label)!.click as () => void)();
    click(en.openCatalogue);
    click(en.newCatalogue);
    click(en.revealCatalogue);
    click(en.takeFieldCopy);
    click(en.mergeFromBundle);
    click(en.mergeFromFolder);
    click(en.syncWithWorkshop);
    click(en.openWorkshop);
    click(en.about);
    click(en.reOrgMethod);
    for (const fn of Object.values(a)) expect(fn).toHaveBeenCalledOnce();
  });

  it('puts field copies and merging in the File menu, merging from a bundle or a folder', () => {
    const [file] = menuTemplate(en, actions(), { isPackaged: true, platform: 'linux' });
    const items = file!.submenu as MenuItemConstructorOptions[];
    const labels = items.map((item) => item.label);
    expect(labels.indexOf(en.takeFieldCopy)).toBeGreaterThan(labels.indexOf(en.newCatalogue));
    const merge = items.find((item) => item.label === en.mergeFrom)!;
    expect((merge.submenu as MenuItemConstructorOptions[]).map((item) => item.label)).toEqual([en.mergeFromBundle, en.mergeFromFolder]);
    expect(labels.indexOf(en.syncWithWorkshop)).toBe(labels.indexOf(en.mergeFrom) + 1);
  });

  it('follows macOS conventions there: an app menu with About and Quit', () => {
    const template = menuTemplate(en, actions(), { isPackaged: true, platform: 'darwin' });
    expect(template[0]!.label).toBe('Storeroom');
    const appMenu = flatten([template[0]!]).map((item) => item.label);
    expect(appMenu).toContain(en.about);
    expect(appMenu).toContain(en.quit);
    expect(flatten(template.slice(1)).map((item) => item.label)).not.toContain(en.quit);
  });
});
