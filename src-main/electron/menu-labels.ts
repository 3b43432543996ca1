/**
 * Words of the native menu and dialogs. They live outside the renderer's i18n (the menu is built by the
 * main process), so they are kept here, one table per language, chosen by the system locale.
 * No Electron import, unit tested: every language has every key.
 */

export const en = {
  file: 'File',
  openCatalogue: 'Open Catalogue…',
  newCatalogue: 'New Catalogue…',
  revealCatalogue: 'Show Catalogue Folder',
  openWorkshop: 'Open Workshop…',
  quit: 'Quit Storeroom',
  edit: 'Edit',
  undo: 'Undo',
  redo: 'Redo',
  cut: 'Cut',
  copy: 'Copy',
  paste: 'Paste',
  selectAll: 'Select All',
  view: 'View',
  reload: 'Reload',
  actualSize: 'Actual Size',
  zoomIn: 'Zoom In',
  zoomOut: 'Zoom Out',
  fullScreen: 'Toggle Full Screen',
  devTools: 'Toggle Developer Tools',
  window: 'Window',
  minimize: 'Minimize',
  close: 'Close Window',
  help: 'Help',
  about: 'About Storeroom',
  reOrgMethod: 'The RE-ORG Method',
  // Dialogs
  ok: 'OK',
  cancel: 'Cancel',
  quitButton: 'Quit',
  restart: 'Restart',
  openCatalogueTitle: 'Open a catalogue',
  openCatalogueButton: 'Open',
  newCatalogueTitle: 'Create a new catalogue',
  newCatalogueButton: 'Create',
  noCatalogueHere: 'This folder does not contain a catalogue.',
  createCatalogueHere: 'Create a new, empty catalogue in it?',
  createButton: 'Create Catalogue',
  cannotOpen: 'Storeroom cannot open the catalogue',
  keptPrevious: 'The catalogue that was open stays open.',
  coreStopped: 'Storeroom’s database process stopped unexpectedly',
  coreStoppedDetail: 'Changes that were already saved are safe. The last action may not have been saved. Restart it to go on working.',
  aboutDetail: 'Catalogue and photograph museum storage while it is being reorganized, following the RE-ORG method (ICCROM and the Canadian Conservation Institute).',
  version: 'Version',
  catalogue: 'Catalogue',
  workshopFailed: 'The workshop could not be opened',
} as const;

export type MenuLabels = { readonly [K in keyof typeof en]: string };

export const fr: MenuLabels = {
  file: 'Fichier',
  openCatalogue: 'Ouvrir un catalogue…',
  newCatalogue: 'Nouveau catalogue…',
  revealCatalogue: 'Afficher le dossier du catalogue',
  openWorkshop: 'Ouvrir l’atelier…',
  quit: 'Quitter Storeroom',
  edit: 'Édition',
  undo: 'Annuler',
  redo: 'Rétablir',
  cut: 'Couper',
  copy: 'Copier',
  paste: 'Coller',
  selectAll: 'Tout sélectionner',
  view: 'Affichage',
  reload: 'Recharger',
  actualSize: 'Taille réelle',
  zoomIn: 'Zoom avant',
  zoomOut: 'Zoom arrière',
  fullScreen: 'Plein écran',
  devTools: 'Outils de développement',
  window: 'Fenêtre',
  minimize: 'Réduire',
  close: 'Fermer la fenêtre',
  help: 'Aide',
  about: 'À propos de Storeroom',
  reOrgMethod: 'La méthode RE-ORG',
  ok: 'OK',
  cancel: 'Annuler',
  quitButton: 'Quitter',
  restart: 'Redémarrer',
  openCatalogueTitle: 'Ouvrir un catalogue',
  openCatalogueButton: 'Ouvrir',
  newCatalogueTitle: 'Créer un nouveau catalogue',
  newCatalogueButton: 'Créer',
  noCatalogueHere: 'Ce dossier ne contient pas de catalogue.',
  createCatalogueHere: 'Y créer un nouveau catalogue vide ?',
  createButton: 'Créer le catalogue',
  cannotOpen: 'Storeroom ne peut pas ouvrir le catalogue',
  keptPrevious: 'Le catalogue qui était ouvert reste ouvert.',
  coreStopped: 'Le processus de base de données de Storeroom s’est arrêté de façon inattendue',
  coreStoppedDetail:
    'Les modifications déjà enregistrées sont en sécurité. La dernière action n’a peut-être pas été enregistrée. Redémarrez-le pour continuer à travailler.',
  aboutDetail:
    'Inventorier et photographier les réserves de musée pendant leur réorganisation, selon la méthode RE-ORG (ICCROM et Institut canadien de conservation).',
  version: 'Version',
  catalogue: 'Catalogue',
  workshopFailed: 'L’atelier n’a pas pu être ouvert',
};

export const MENU_LANGUAGES: Readonly<Record<string, MenuLabels>> = { en, fr };

/** The labels for a locale such as "fr-CA" or "en_GB"; English when the language has no table. */
export function menuLabels(locale: string | null | undefined): MenuLabels {
  const language = (locale ?? '').toLowerCase().split(/[-_]/)[0] ?? '';
  return MENU_LANGUAGES[language] ?? en;
}
