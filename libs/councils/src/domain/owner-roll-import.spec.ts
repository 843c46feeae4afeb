import { parseOwnerRoll } from './owner-roll-import';

const HEADER = ['楼栋', '房号', '登记面积', '测绘面积', '合同面积', '业主姓名', '联系电话', '开发商'];

describe("reading an owners' roll sheet", () => {
  it('reads rows, choosing the counted area and keying owners by name and phone', () => {
    const { rows, problems, total } = parseOwnerRoll([
      HEADER,
      ['1栋', '101', '89.75', '90', '', '王建国', '13800001234', ''],
      ['1栋', '102', '', '90.5', '91', '王建国', '138 0000 1234', '否'],
      ['1栋', '102', '', '', '', '李秀英', '', ''],
      ['2栋', '201', '', '', '120', '锦华置业', '', '是'],
    ]);
    expect(problems).toEqual([]);
    expect(total).toBe(4);
    expect(rows.map((r) => r.counted)).toEqual([
      { area: 8975, source: 'registered' },
      { area: 9050, source: 'surveyed' },
      null,
      { area: 12000, source: 'contract' },
    ]);
    expect(rows[0].ownerKey).toBe(rows[1].ownerKey);
    expect(rows[3]).toMatchObject({ developer: true, ownerKey: 'developer' });
  });

  it('accepts English headings in any order and skips blank rows', () => {
    const { rows, problems } = parseOwnerRoll([
      ['Owner Name', 'Unit', 'Building', 'contract_area'],
      ['', '', '', ''],
      ['Wang', '101', 'A', '88'],
    ]);
    expect(problems).toEqual([]);
    expect(rows).toEqual([
      expect.objectContaining({ row: 3, building: 'A', unit: '101', name: 'Wang', contractArea: 8800 }),
    ]);
  });

  it('refuses a sheet without a required column', () => {
    const { rows, problems } = parseOwnerRoll([
      ['楼栋', '业主姓名'],
      ['1栋', '王'],
    ]);
    expect(rows).toEqual([]);
    expect(problems).toEqual([{ row: 1, field: '房号', reason: expect.stringContaining('missing') }]);
  });

  it('refuses bad cells with their row and column', () => {
    const { rows, problems } = parseOwnerRoll([
      HEADER,
      ['1栋', '', '89.755', '', '', '', '12345', 'maybe'],
      ['1栋', '101', '89', '', '', '王建国', '', ''],
    ]);
    expect(rows).toHaveLength(1);
    expect(problems.map((p) => [p.row, p.field])).toEqual([
      [2, '房号'],
      [2, '业主姓名'],
      [2, '联系电话'],
      [2, '开发商'],
      [2, '登记面积'],
    ]);
  });

  it('refuses a unit given other areas, an owner twice, and another owner of an unsold unit', () => {
    const { rows, problems } = parseOwnerRoll([
      HEADER,
      ['1栋', '101', '89', '', '', '王建国', '', ''],
      ['1栋', '101', '90', '', '', '李秀英', '', ''],
      ['1栋', '101', '', '', '', '王建国', '', ''],
      ['2栋', '201', '', '', '120', '锦华置业', '', '是'],
      ['2栋', '201', '', '', '', '张三', '', ''],
    ]);
    expect(rows.map((r) => r.row)).toEqual([2, 5]);
    expect(problems.map((p) => p.row)).toEqual([3, 4, 6]);
  });
});
