import type PDFDocument from 'pdfkit';

/**
 * pdfkit, loaded when a PDF is first made (labels, an evacuation's documents): with the font engine it brings, it
 * takes a third of a second to load, which every other command would pay for nothing.
 */
export async function loadPdfDocument(): Promise<typeof PDFDocument> {
  const loaded = (await import('pdfkit')) as typeof PDFDocument & { default?: typeof PDFDocument };
  return loaded.default ?? loaded;
}
