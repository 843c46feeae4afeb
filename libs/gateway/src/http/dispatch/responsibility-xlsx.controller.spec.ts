import ExcelJS from 'exceljs';
import { readSheet } from './responsibility-xlsx.controller';

const HEADER = ['街道', '类别代码', '区域', '牵头部门', '协办部门'];

async function workbook(fill: (sheet: ExcelJS.Worksheet) => void): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const sheet = wb.addWorksheet('责任清单');
  sheet.addRow(HEADER);
  fill(sheet);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

describe('readSheet', () => {
  it('reads the rows the file holds, with their sheet row numbers, skipping blank ones', async () => {
    const data = await workbook((s) => {
      s.getRow(2).values = ['s01', 'C03*', '', 'd01.dep-urban', ''];
      s.getRow(5).values = ['s01', 'E0101', '', 'd01.dep-urban', ''];
    });
    const sheet = await readSheet(data);
    expect(sheet.header).toEqual(HEADER);
    expect(sheet.rows.map((r) => r.row)).toEqual([2, 5]);
    expect(sheet.rows[1].cells).toEqual(['s01', 'E0101', '', 'd01.dep-urban', '']);
  });

  it('does not walk a million empty rows for one cell at the bottom of the sheet', async () => {
    const data = await workbook((s) => {
      s.getCell('A1048576').value = 's01';
    });
    const started = Date.now();
    const sheet = await readSheet(data);
    expect(sheet.rows).toEqual([{ row: 1048576, cells: ['s01', '', '', '', ''] }]);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('refuses (422) a sheet too large for one bus message', async () => {
    const long = 'x'.repeat(30_000);
    const data = await workbook((s) => {
      for (let i = 0; i < 40; i++) s.addRow(['s01', 'C03*', long, 'd01.dep-urban', '']);
    });
    await expect(readSheet(data)).rejects.toMatchObject({ body: { code: 'unprocessable' } });
  });
});
