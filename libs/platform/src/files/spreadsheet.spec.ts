import ExcelJS from 'exceljs';
import { DomainError } from '../errors';
import { readSpreadsheet } from './spreadsheet';

async function refusal(read: Promise<unknown>): Promise<DomainError> {
  const error = await read.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DomainError);
  return error as DomainError;
}

async function workbook(rows: string[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const sheet = wb.addWorksheet('x');
  for (const row of rows) sheet.addRow(row);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

describe('readSpreadsheet', () => {
  it('reads CSV and XLSX cells as text', async () => {
    expect(await readSpreadsheet(Buffer.from('\ufeff姓名,电话\n张三,138\n\n'), 'a.csv')).toEqual([
      ['姓名', '电话'],
      ['张三', '138'],
    ]);
    expect(await readSpreadsheet(await workbook([['姓名'], ['李四']]), 'a.xlsx')).toEqual([['姓名'], ['李四']]);
  });

  it('refuses a cell holding a NUL byte with 422, naming the file, the row and the column', async () => {
    const csv = await refusal(readSpreadsheet(Buffer.from('name,phone\n\nok,1\nbad,1\u00002\n'), 'people.csv'));
    expect(csv.code).toBe('unprocessable');
    expect(csv.message).toBe('people.csv: the cell at row 4, column 2 holds a NUL byte');
    expect(csv.details).toEqual({ field: 'file', row: 4, column: 2 });

    // XLSX writes a control character as _x0000_, which reads back as the character itself
    const xlsx = await refusal(readSpreadsheet(await workbook([['name'], ['a_x0000_b']]), 'people.xlsx'));
    expect(xlsx.code).toBe('unprocessable');
    expect(xlsx.message).toBe('people.xlsx: the cell at row 2, column 1 holds a NUL byte');
  });

  it('refuses a CSV file that is not UTF-8 (GBK, say) instead of reading U+FFFD', async () => {
    const gbk = Buffer.from([0xd5, 0xc5, 0xc8, 0xfd, 0x2c, 0x31, 0x0a]); // 张三,1 in GBK
    const error = await refusal(readSpreadsheet(gbk, 'gbk.csv'));
    expect(error.code).toBe('unprocessable');
    expect(error.message).toBe('gbk.csv is not UTF-8 text: save it as CSV UTF-8');
  });
});
