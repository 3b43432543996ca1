import { z } from 'zod';
import { translatableFields } from './errors';
import { id, languageTag, locationType, objectList } from './schemas';

/** The codes a label can carry; each encodes exactly what a scanner should type. */
export const LABEL_CODES = ['qr', 'datamatrix', 'code128'] as const;
export type LabelCode = (typeof LABEL_CODES)[number];

/** The built-in templates, by name (see core/labels/templates.ts for their geometry and its sources). */
export const LABEL_TEMPLATES = [
  'avery-l7160',
  'avery-l7163',
  'avery-l7651',
  'avery-5160',
  'avery-5163',
  'dymo-11354',
  'dymo-99012',
  'brother-dk-11201',
  'brother-dk-11209',
] as const;
export type LabelTemplateName = (typeof LABEL_TEMPLATES)[number];

const mm = (max: number) => z.number().finite().min(0).max(max);
const positiveMm = (max: number) => z.number().finite().positive().max(max);

/** A sheet of one's own: the page, the grid, the label's size, the margins to the first label and the pitch between labels, in millimetres. */
export const customLabelTemplate = z.strictObject({
  pageWidth: positiveMm(1000).describe('page width, mm (A4: 210, US Letter: 215.9)'),
  pageHeight: positiveMm(1000).describe('page height, mm (A4: 297, US Letter: 279.4)'),
  rows: z.number().int().min(1).max(100),
  columns: z.number().int().min(1).max(100),
  labelWidth: positiveMm(1000),
  labelHeight: positiveMm(1000),
  marginTop: mm(1000).describe('from the top of the page to the top of the first row'),
  marginLeft: mm(1000).describe('from the left of the page to the left of the first column'),
  pitchX: positiveMm(1000).optional().describe('from the left of one label to the left of the next across (default: the label width)'),
  pitchY: positiveMm(1000).optional().describe('from the top of one label to the top of the next down (default: the label height)'),
});
export type CustomLabelTemplate = z.infer<typeof customLabelTemplate>;

/** What the labels are for. */
export const labelSource = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('objects'), ids: z.array(id).min(1).max(10_000).describe('the objects selected') }),
  z.strictObject({
    kind: z.literal('search'),
    filter: objectList.omit({ offset: true, limit: true, sort: true, descending: true }).describe('every object an objects.list filter finds'),
  }),
  z.strictObject({ kind: z.literal('contents'), locationId: id.describe('every object in this location and below it') }),
  z.strictObject({
    kind: z.literal('locations'),
    locationId: id.describe('this location and every location below it'),
    types: z.array(locationType).min(1).max(50).optional().describe('only locations of these types (e.g. ["unit"], ["shelf", "drawer"], ["box"])'),
  }),
  z.strictObject({ kind: z.literal('calibration').describe('one page with every label’s outline and number, to check the printer against a sheet') }),
]);
export type LabelSource = z.infer<typeof labelSource>;

export const labelOffset = z.strictObject({
  x: z.number().finite().min(-20).max(20).describe('mm to the right (negative: to the left)'),
  y: z.number().finite().min(-20).max(20).describe('mm down (negative: up)'),
});

/** Everything that decides what the labels look like; shared by the preview and the PDF. */
export const labelOptions = z.strictObject({
  source: labelSource,
  template: z.union([z.string().trim().min(1).max(60), customLabelTemplate]).describe(`a template name (${LABEL_TEMPLATES.join(', ')}) or a custom sheet`),
  code: z.enum(LABEL_CODES).optional().describe('qr (the default), datamatrix or code128'),
  start: z.number().int().min(1).max(10_000).optional().describe('start at this label of the first sheet (1 is the top left), to use up a partly used sheet'),
  offset: labelOffset.optional().describe('printer offset; by default the one saved for this catalogue'),
  locationTypeNames: z
    .record(z.string().max(40), z.string().max(60))
    .optional()
    .describe('how to print each location type, in the reader’s language ({"shelf": "Étagère"}); otherwise the type as recorded'),
});

export const labelCreate = labelOptions.extend({
  path: z
    .string()
    .min(1)
    .max(4096)
    .regex(/\.pdf$/i, 'must end in .pdf')
    .optional()
    .describe('write here (on the machine running Storeroom; not over HTTP); otherwise download it from GET /exports/{exportId}'),
  language: languageTag.optional().describe('the language of the file’s name, "labels" (English by default)'),
  jobId: id.optional(),
});

export const labelTemplate = z.object({
  name: z.string(),
  title: z.string().describe('as the maker names it: "Avery L7160"'),
  kind: z.enum(['sheet', 'roll', 'custom']),
  pageWidth: z.number(),
  pageHeight: z.number(),
  rows: z.number().int(),
  columns: z.number().int(),
  labelWidth: z.number(),
  labelHeight: z.number(),
  marginTop: z.number(),
  marginLeft: z.number(),
  pitchX: z.number(),
  pitchY: z.number(),
});
export type LabelTemplate = z.infer<typeof labelTemplate>;

const notice = z.object(translatableFields);

export const labelResult = z.object({
  exportId: id,
  fileName: z.string(),
  path: z.string().nullable().describe('where it was written, when a path was given'),
  labels: z.number().int(),
  pages: z.number().int(),
  notices: z.array(notice).describe('what changed on some labels, such as a number too long for Code 128 given a QR code instead'),
  cancelled: z.boolean(),
});

export const labelPreview = z.object({
  svg: z.string().describe('the first sheet, as an SVG image (millimetres; text drawn as outlines)'),
  template: labelTemplate,
  labels: z.number().int().describe('labels in all'),
  pages: z.number().int(),
  perSheet: z.number().int(),
  notices: z.array(notice).describe('for the labels on the first sheet'),
});

export const labelSettings = z.object({
  offset: z.object({ x: z.number(), y: z.number() }),
  template: z.string().nullable().describe('the template last used in this catalogue'),
  code: z.enum(LABEL_CODES).nullable(),
});
export const labelSettingsUpdate = z.strictObject({
  offset: labelOffset.optional(),
  template: z.enum(LABEL_TEMPLATES).optional(),
  code: z.enum(LABEL_CODES).optional(),
});
