import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { unprocessable } from '../errors';

/** A file's first bytes say it is a ZIP container, as every XLSX workbook is. */
const isZip = (data: Buffer): boolean => data[0] === 0x50 && data[1] === 0x4b;

/**
 * The text cells of an uploaded spreadsheet, the header row first: the first sheet of an XLSX
 * workbook, or a CSV file (UTF-8, RFC 4180, with or without a BOM). Rows with no text are dropped.
 * Anything else is refused with 422 naming the `file` field.
 */
export async function readSpreadsheet(data: Buffer, fileName = ''): Promise<string[][]> {
  if (isZip(data) || /\.xlsx$/i.test(fileName)) return readXlsx(data);
  if (/\.(csv|txt)$/i.test(fileName) || !fileName.includes('.')) return readCsv(data);
  throw unprocessable('Only .csv (UTF-8) and .xlsx files are accepted', { field: 'file' });
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

/** The text of one row's cells, from the first column to its last filled one. */
export function rowText(row: ExcelJS.Row): string[] {
  const cells: string[] = [];
  for (let c = 1; c <= row.cellCount; c++) cells.push(cellText(row.getCell(c).value));
  return cells;
}

async function readXlsx(data: Buffer): Promise<string[][]> {
  const sheet = (await loadWorkbook(data)).worksheets[0];
  const rows: string[][] = [];
  sheet?.eachRow({ includeEmpty: false }, (row) => {
    const cells = rowText(row);
    if (cells.some((v) => v !== '')) rows.push(cells);
  });
  return rows;
}

function readCsv(data: Buffer): string[][] {
  try {
    const rows: string[][] = parse(data, {
      bom: true,
      relax_column_count: true,
      record_delimiter: ['\r\n', '\n', '\r'],
      skip_empty_lines: true,
    });
    return rows.filter((cells) => cells.some((v) => v !== ''));
  } catch (error) {
    throw unprocessable(`The file is not readable CSV: ${(error as Error).message}`, { field: 'file' });
  }
}

/** A cell as the text a person sees: dates as YYYY-MM-DD, formulas by their result, rich text joined. */
export function cellText(v: ExcelJS.CellValue): string {
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
