import { strToU8, unzipSync, zipSync, strFromU8 } from 'fflate';
import { readFileSync } from 'node:fs';

/**
 * A workbook written by hand, as OOXML in a zip (fflate), independent of exceljs: cells as Excel stores them, with
 * shared strings (rich text and phonetic runs), inline strings, formulas with their cached values or errors, date
 * styles, and merged title rows.
 */
export type RawCell =
  | string
  | number
  | boolean
  | null
  | { shared: string | { runs: string[]; phonetic?: string } }
  | { formula: string; value?: number | string; error?: string }
  | { date: number };

const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const letter = (n: number): string => (n <= 26 ? String.fromCharCode(64 + n) : letter(Math.floor((n - 1) / 26)) + String.fromCharCode(65 + ((n - 1) % 26)));

export function handWrittenXlsx(sheets: { name: string; rows: RawCell[][]; merge?: string[]; hidden?: boolean }[], options: { date1904?: boolean } = {}): Uint8Array {
  const shared: string[] = [];
  const sheetXml = sheets.map(({ rows, merge }) => {
    const body = rows
      .map((row, r) => {
        const cells = row
          .map((cell, c) => {
            const ref = `${letter(c + 1)}${r + 1}`;
            if (cell === null) return '';
            if (typeof cell === 'string') return `<c r="${ref}" t="inlineStr"><is><t xml:space="preserve">${escape(cell)}</t></is></c>`;
            if (typeof cell === 'number') return `<c r="${ref}"><v>${cell}</v></c>`;
            if (typeof cell === 'boolean') return `<c r="${ref}" t="b"><v>${cell ? 1 : 0}</v></c>`;
            if ('shared' in cell) {
              const si = typeof cell.shared === 'string' ? `<t>${escape(cell.shared)}</t>` : cell.shared.runs.map((t) => `<r><rPr><b/></rPr><t xml:space="preserve">${escape(t)}</t></r>`).join('') + (cell.shared.phonetic ? `<rPh sb="0" eb="1"><t>${escape(cell.shared.phonetic)}</t></rPh>` : '');
              shared.push(`<si>${si}</si>`);
              return `<c r="${ref}" t="s"><v>${shared.length - 1}</v></c>`;
            }
            if ('date' in cell) return `<c r="${ref}" s="1"><v>${cell.date}</v></c>`;
            if (cell.error) return `<c r="${ref}" t="e"><f>${escape(cell.formula)}</f><v>${escape(cell.error)}</v></c>`;
            if (cell.value === undefined) return `<c r="${ref}"><f>${escape(cell.formula)}</f></c>`;
            if (typeof cell.value === 'string') return `<c r="${ref}" t="str"><f>${escape(cell.formula)}</f><v>${escape(cell.value)}</v></c>`;
            return `<c r="${ref}"><f>${escape(cell.formula)}</f><v>${cell.value}</v></c>`;
          })
          .join('');
        return `<row r="${r + 1}">${cells}</row>`;
      })
      .join('');
    const merges = merge?.length ? `<mergeCells count="${merge.length}">${merge.map((m) => `<mergeCell ref="${m}"/>`).join('')}</mergeCells>` : '';
    return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${body}</sheetData>${merges}</worksheet>`;
  });
  const rel = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
  const files: Record<string, Uint8Array> = {
    '[Content_Types].xml': strToU8(
      `<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>${sheets.map((_, i) => `<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`).join('')}<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>`,
    ),
    '_rels/.rels': strToU8(`<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${rel}/officeDocument" Target="xl/workbook.xml"/></Relationships>`),
    'xl/workbook.xml': strToU8(
      `<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="${rel}"><workbookPr${options.date1904 ? ' date1904="1"' : ''}/><sheets>${sheets.map((s, i) => `<sheet name="${escape(s.name)}" sheetId="${i + 1}"${s.hidden ? ' state="hidden"' : ''} r:id="rId${i + 1}"/>`).join('')}</sheets></workbook>`,
    ),
    'xl/_rels/workbook.xml.rels': strToU8(
      `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${sheets.map((_, i) => `<Relationship Id="rId${i + 1}" Type="${rel}/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`).join('')}<Relationship Id="rS" Type="${rel}/sharedStrings" Target="sharedStrings.xml"/><Relationship Id="rY" Type="${rel}/styles" Target="styles.xml"/></Relationships>`,
    ),
    'xl/styles.xml': strToU8(
      `<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts count="1"><numFmt numFmtId="164" formatCode="dd/mm/yyyy"/></numFmts><cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="164" applyNumberFormat="1"/></cellXfs></styleSheet>`,
    ),
  };
  sheetXml.forEach((xml, i) => (files[`xl/worksheets/sheet${i + 1}.xml`] = strToU8(xml)));
  files['xl/sharedStrings.xml'] = strToU8(`<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="${shared.length}" uniqueCount="${shared.length}">${shared.join('')}</sst>`);
  return zipSync(files, { level: 6 });
}

/** A part of a zip (an .xlsx) as text: for checks that read the XML itself. */
export function zipPart(file: string, part: string): string | null {
  const entries = unzipSync(readFileSync(file), { filter: (f) => f.name === part });
  return entries[part] ? strFromU8(entries[part]) : null;
}
