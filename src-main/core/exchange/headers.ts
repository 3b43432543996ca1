import { OBJECT_FIELD_KEYS, OBJECT_FIELDS, type CustomField } from '../../contract';
import type { Cell } from './read';

/** Lower case, accents and punctuation gone: "N° d'inventaire" → "n d inventaire". */
export const normalizeHeader = (text: string): string =>
  text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();

/**
 * Header names from institutions' spreadsheets, in the languages RE-ORG is taught in, by field.
 * Spectrum's own names come first; they are what Storeroom exports.
 */
const SYNONYMS: Record<string, string[]> = {
  number: [
    'object number', 'accession number', 'accession no', 'accession', 'acc no', 'inventory number', 'inventory no', 'inventory nr', 'inventory',
    'objectnumber', 'object no', 'object id', 'registration number', 'reg no', 'catalogue number', 'catalog number', 'cat no', 'id', 'number',
    'inv nr', 'inv', 'inventarnummer', 'inventarnr', 'inventar nr', 'n d inventaire', 'no d inventaire', 'numero d inventaire', 'n inventaire',
    'numero de inventario', 'n de inventario', 'no de inventario', 'numero inventario', 'numero di inventario', 'n inventario',
    'inventarisnummer', 'objectnummer', 'numero d inventari', 'numero de inventari', 'numero de registo', 'numero de inventario museu',
  ],
  tempNumber: ['temporary number', 'temp number', 'numero temporaire', 'numero temporal', 'vorlaufige nummer'],
  name: [
    'object name', 'name', 'title', 'object', 'objet', 'nom de l objet', 'nom', 'titre', 'denomination', 'designation', 'nombre del objeto',
    'nombre', 'titulo', 'denominacion', 'objektbezeichnung', 'bezeichnung', 'titel', 'nome dell oggetto', 'nome', 'titolo', 'oggetto',
    'objectnaam', 'benaming', 'nom de l objecte', 'nome do objeto',
  ],
  count: ['number of objects', 'count', 'quantity', 'qty', 'pieces', 'no of objects', 'nombre d objets', 'quantite', 'cantidad', 'anzahl', 'quantita', 'aantal'],
  description: ['brief description', 'description', 'desc', 'notes', 'remarks', 'descriptif', 'descripcion', 'beschreibung', 'descrizione', 'beschrijving', 'descricao'],
  category: ['category', 'classification', 'object type', 'type', 'categorie', 'categoria', 'kategorie', 'objektart', 'tipologia', 'categorie d objet'],
  materials: ['materials', 'material', 'medium', 'materials and techniques', 'materiaux', 'matiere', 'materiales', 'material y tecnica', 'werkstoff', 'materiale', 'materialen'],
  dimensions: ['dimensions', 'measurements', 'size', 'dimension', 'mesures', 'taille', 'medidas', 'dimensiones', 'abmessungen', 'masse', 'misure', 'afmetingen'],
  height: ['height', 'h', 'hauteur', 'alto', 'altura', 'hohe', 'altezza', 'hoogte'],
  width: ['width', 'w', 'largeur', 'ancho', 'anchura', 'breite', 'larghezza', 'breedte'],
  depth: ['depth', 'd', 'length', 'profondeur', 'profundidad', 'tiefe', 'profondita', 'diepte'],
  dimensionUnit: ['dimension unit', 'unit', 'unite', 'unidad', 'einheit', 'unita'],
  weight: ['weight', 'poids', 'peso', 'gewicht'],
  weightUnit: ['weight unit', 'unite de poids', 'unidad de peso'],
  condition: ['condition', 'state', 'condition state', 'etat', 'etat de conservation', 'estado', 'estado de conservacion', 'zustand', 'erhaltungszustand', 'stato di conservazione', 'stato', 'conditie'],
  conditionNote: ['condition note', 'condition notes', 'note d etat', 'notes d etat', 'observaciones de estado', 'zustandsbeschreibung'],
  location: [
    'current location', 'location', 'storage location', 'store location', 'shelf', 'emplacement', 'localisation', 'emplacement actuel',
    'ubicacion', 'ubicacion actual', 'localizacion', 'standort', 'aufbewahrungsort', 'collocazione', 'ubicazione', 'locatie', 'standplaats', 'localizacao',
  ],
  normalLocation: ['normal location', 'home location', 'permanent location', 'emplacement habituel', 'ubicacion habitual', 'stammstandort'],
  reachable: ['reachable', 'accessible', 'accesible', 'erreichbar'],
  evacuationPriority: [
    'evacuation priority', 'priority', 'emergency priority', 'salvage priority', 'priorite', 'priorite d evacuation', 'prioridad', 'prioridad de evacuacion',
    'prioritat', 'evakuierungsprioritat', 'priorita', 'priorita di evacuazione', 'prioriteit', 'evacuatieprioriteit', 'prioridade', 'prioridade de evacuacao',
  ],
  significance: ['significance', 'importance', 'signification', 'valeur', 'importancia', 'significado', 'bedeutung', 'significativita', 'importanza', 'betekenis', 'significancia'],
  vulnerability: ['vulnerability', 'fragility', 'vulnerabilite', 'fragilite', 'vulnerabilidad', 'fragilidad', 'verletzlichkeit', 'fragilitat', 'vulnerabilita', 'fragilita', 'kwetsbaarheid', 'vulnerabilidade'],
  easeOfHandling: ['ease of handling', 'handling ease', 'portability', 'facilite de manipulation', 'maniabilite', 'facilidad de manipulacion', 'handhabbarkeit', 'maneggevolezza', 'hanteerbaarheid', 'facilidade de manuseio'],
  handlingNotes: ['handling notes', 'handling', 'handling instructions', 'notes de manipulation', 'manipulation', 'consignes de manipulation', 'notas de manipulacion', 'manipulacion', 'handhabungshinweise', 'note di movimentazione', 'hanteringsinstructies', 'notas de manuseio'],
  tags: ['tags', 'keywords', 'mots cles', 'etiquettes', 'palabras clave', 'schlagworte', 'parole chiave', 'trefwoorden'],
};

const FIELD_BY_HEADER = new Map<string, string>();
// The registry's own Spectrum names first: what Storeroom exports, it imports without a mapping.
for (const key of OBJECT_FIELD_KEYS) FIELD_BY_HEADER.set(normalizeHeader(OBJECT_FIELDS[key].spectrum), OBJECT_FIELDS[key].importAs);
for (const [field, names] of Object.entries(SYNONYMS)) for (const name of names) if (!FIELD_BY_HEADER.has(name)) FIELD_BY_HEADER.set(name, field);

/** The field a header suggests, or null: exact synonyms, then custom fields by name. */
export function suggestField(header: string, custom: CustomField[]): string | null {
  const key = normalizeHeader(header);
  if (!key) return null;
  const field = FIELD_BY_HEADER.get(key);
  if (field) return field;
  const match = custom.find((f) => normalizeHeader(f.name) === key);
  return match ? `custom:${match.id}` : null;
}

/** Suggestions for every header; each field is suggested once, for its first column. */
export function suggestMapping(headers: string[], custom: CustomField[]): Record<string, string> {
  const mapping: Record<string, string> = {};
  const taken = new Set<string>();
  for (const header of headers) {
    const field = suggestField(header, custom);
    if (field && !taken.has(field) && !(header in mapping)) {
      mapping[header] = field;
      taken.add(field);
    }
  }
  return mapping;
}

const text = (cell: Cell | undefined): string => (cell === null || cell === undefined ? '' : cell instanceof Date ? cell.toISOString().slice(0, 10) : String(cell).trim());

/**
 * The header row: among the first 30, the one that looks most like headers (many known names, many
 * text cells) and is followed by data. Title rows above it ("Inventory of Room 2, 1998") score low.
 */
export function findHeaderRow(rows: Cell[][], custom: CustomField[]): number {
  let best = 0;
  let bestScore = -1;
  for (let i = 0; i < Math.min(rows.length, 30); i++) {
    const cells = (rows[i] ?? []).map(text);
    const filled = cells.filter(Boolean);
    const textual = filled.filter((c) => Number.isNaN(Number(c)));
    const known = filled.filter((c) => suggestField(c, custom)).length;
    const score = filled.length < 2 ? -1 : known * 10 + textual.length + (textual.length === filled.length ? 2 : 0);
    if (score > bestScore) [best, bestScore] = [i, score];
  }
  return best + 1;
}

/** Header names for a row, unique and never empty (merged or blank headers get "Column C"). */
export function headerNames(row: Cell[], width: number): string[] {
  const seen = new Map<string, number>();
  return Array.from({ length: width }, (_, i) => {
    let name = text(row[i]) || `Column ${columnName(i + 1)}`;
    const n = (seen.get(name) ?? 0) + 1;
    seen.set(name, n);
    if (n > 1) name = `${name} (${n})`;
    return name;
  });
}

const columnName = (n: number): string => (n <= 26 ? String.fromCharCode(64 + n) : columnName(Math.floor((n - 1) / 26)) + String.fromCharCode(65 + ((n - 1) % 26)));

export { text as cellText };
