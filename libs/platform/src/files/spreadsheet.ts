import { isUtf8 } from 'node:buffer';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { findUnstorableText, unprocessable } from '../errors';

/** A file's first bytes say it is a ZIP container, as every XLSX workbook is. */
const isZip = (data: Buffer): boolean => data[0] === 0x50 && data[1] === 0x4b;

/**
 * The text cells of an uploaded spreadsheet, the header row first: the first sheet of an XLSX
 * workbook, or a CSV file (UTF-8, RFC 4180, with or without a BOM). Rows with no text are dropped.
 * Anything else is refused with 422 naming the `file` field.
 */
export async function readSpreadsheet(data: Buffer, fileName = ''): Promise<string[][]> {
  if (isZip(data) || /\.xlsx$/i.test(fileName)) return readXlsx(data, fileName);
  if (/\.(csv|txt)$/i.test(fileName) || !fileName.includes('.')) return readCsv(data, fileName);
  throw unprocessable('Only .csv (UTF-8) and .xlsx files are accepted', { field: 'file' });
}

/**
 * A cell PostgreSQL cannot store (a NUL byte, broken Unicode) refuses the whole file with 422,
 * naming the file, the row and the column (both from 1).
 */
function refuseUnstorableCell(cells: string[], row: number, fileName: string): void {
  const found = findUnstorableText(cells);
  if (!found) return;
  const column = Number(found.field) + 1;
  const what = found.problem === 'nul' ? 'a NUL byte' : 'text that is not well-formed Unicode';
  throw unprocessable(`${fileName || 'The file'}: the cell at row ${row}, column ${column} holds ${what}`, { field: 'file', row, column });
}

/** The workbook's sheets, loaded; a file that is not one is refused with 422. */
export async function loadWorkbook(data: Buffer): Promise<ExcelJS.Workbook> {
  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(data as unknown as ArrayBuffer);
  } catch {
    throw unprocessable('The file is not a readable XLSX workbook', { field: 'file' });
  }
  return workbook;
}

/**
 * The text of one row's cells, from the first column to its last filled one; a cell PostgreSQL
 * cannot store is refused with 422 naming `fileName`, the row and the column.
 */
export function rowText(row: ExcelJS.Row, fileName = ''): string[] {
  const cells: string[] = [];
  for (let c = 1; c <= row.cellCount; c++) cells.push(cellText(row.getCell(c).value));
  refuseUnstorableCell(cells, row.number, fileName);
  return cells;
}

async function readXlsx(data: Buffer, fileName: string): Promise<string[][]> {
  const sheet = (await loadWorkbook(data)).worksheets[0];
  const rows: string[][] = [];
  sheet?.eachRow({ includeEmpty: false }, (row) => {
    const cells = rowText(row, fileName);
    if (cells.some((v) => v !== '')) rows.push(cells);
  });
  return rows;
}

function readCsv(data: Buffer, fileName: string): string[][] {
  // Decoding would silently turn bytes that are not UTF-8 (a file saved as GBK) into U+FFFD.
  if (!isUtf8(data)) throw unprocessable(`${fileName || 'The file'} is not UTF-8 text: save it as CSV UTF-8`, { field: 'file' });
  let rows: string[][];
  let unstorable: { cells: string[]; line: number } | undefined;
  try {
    rows = parse(data, {
      bom: true,
      relax_column_count: true,
      record_delimiter: ['\r\n', '\n', '\r'],
      skip_empty_lines: true,
      on_record: (record: string[], { lines }) => {
        if (!unstorable && findUnstorableText(record)) unstorable = { cells: record, line: lines };
        return record;
      },
    });
  } catch (error) {
    throw unprocessable(`The file is not readable CSV: ${(error as Error).message}`, { field: 'file' });
  }
  if (unstorable) refuseUnstorableCell(unstorable.cells, unstorable.line, fileName);
  return rows.filter((cells) => cells.some((v) => v !== ''));
}

/** A cell as the text a person sees: dates as YYYY-MM-DD, formulas by their result, rich text joined. */
function cellText(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'object') {
    if ('richText' in v) return v.richText.map((t) => t.text).join('');
    if ('text' in v) return String(v.text);
    if ('result' in v) return cellText(v.result as ExcelJS.CellValue);
    return '';
  }
  return String(v);
}

/** One CSV line of values, quoted where needed (the export's format, which `readSpreadsheet` reads back). */
export function csvLine(values: readonly unknown[]): string {
  return values
    .map((v) => {
      const s = v === null || v === undefined ? '' : String(v);
      return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
    })
    .join(',');
}
