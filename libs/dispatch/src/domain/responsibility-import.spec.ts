import { checkSheet, mapHeader, parseDepartment } from './responsibility-import';

const header = ['街道', '类别代码', '区域', '牵头部门', '协办部门'];
const ctx = {
  streetPath: (street: string) => (street === 's01' ? `d01.${street}` : null),
  names: new Map([['d01.dep-urban', '区城管局']]),
};
const row = (n: number, ...cells: string[]) => ({ row: n, cells });

describe('responsibility list sheet check', () => {
  it('reads good rows into rules, defaulting the area to the street', () => {
    const check = checkSheet(
      header,
      [
        row(2, 's01', 'c03*', '', '区环卫局 (d01.dep-sanitation)', ''),
        row(
          3,
          's01',
          'E0101',
          'd01.s01.c01',
          '区城管局（d01.dep-urban）',
          '区住建局 (d01.dep-housing)， 区环卫局 (d01.dep-sanitation)',
        ),
        row(4, '', '', '', '', ''),
        row(5, 's01', '*', '', 'd01.dep-urban', ''),
      ],
      ctx,
    );
    expect(check.errors).toEqual([]);
    expect(check.rows).toBe(3);
    expect(
      check.valid.map((v) => [v.row, v.rule.category, v.rule.orgPath, v.rule.lead.name, v.rule.co.length]),
    ).toEqual([
      [2, 'C03*', 'd01.s01', '区环卫局', 0],
      [3, 'E0101', 'd01.s01.c01', '区城管局', 2],
      [5, '*', 'd01.s01', '区城管局', 0],
    ]);
  });

  it('names the row, the column and the reason of each fault', () => {
    const check = checkSheet(
      ['street', 'category', 'org path', 'lead', 'co'],
      [
        row(2, 's02', 'C0302', '', '区环卫局 (d01.dep-sanitation)', ''),
        row(3, 's01', 'X99', '', '区环卫局 (d01.dep-sanitation)', ''),
        row(4, 's01', 'C0302', 'd01.s02.c01', 'd01.dep-unknown', ''),
        row(5, 's01', 'C0302', '', '区环卫局 (d01.dep-sanitation)', 'd01.dep-sanitation (区环卫局)'),
        row(6, 's01', 'C0302', '', '区环卫局 (d01.dep-sanitation)', '区环卫局 (d01.dep-sanitation)'),
        row(7, 's01', 'C0302', '', '区环卫局 (d01.dep-sanitation)', ''),
        row(8, 's01', 'C0302', '', '区城管局 (d01.dep-urban)', ''),
      ],
      ctx,
    );
    expect(check.valid.map((v) => v.row)).toEqual([7]);
    expect(check.errors).toEqual([
      { row: 2, column: '街道', reason: 'outside your scope: s02' },
      { row: 3, column: '类别代码', reason: expect.stringContaining('not a category code') },
      { row: 4, column: '区域', reason: 'd01.s02.c01 does not lie within d01.s01' },
      { row: 4, column: '牵头部门', reason: 'the name of d01.dep-unknown is not known: write 名称 (d01.dep-unknown)' },
      { row: 5, column: '协办部门', reason: expect.stringContaining('is not a department') },
      { row: 6, column: '协办部门', reason: 'names a department twice' },
      { row: 8, column: '类别代码', reason: 'the same street, category and area as row 7' },
    ]);
  });

  it('keeps the report small: long cells are cut, too many co-departments is one error', () => {
    const long = 'x'.repeat(5000);
    const check = checkSheet(header, [row(2, long, long, long, long, Array(2000).fill('a').join(','))], ctx);
    expect(check.errors.map((e) => e.column)).toEqual(['街道', '类别代码', '区域', '牵头部门', '协办部门']);
    expect(check.errors.find((e) => e.column === '协办部门')?.reason).toBe('at most 10 co-departments');
    for (const e of check.errors) expect(e.reason.length).toBeLessThan(200);
  });

  it('rejects a sheet without the required columns or without rows', () => {
    expect(mapHeader(['街道', '类别', '牵头部门']).errors).toEqual([
      { row: 1, column: '类别代码', reason: 'missing column 类别代码 (category)' },
    ]);
    expect(checkSheet(['street', 'category', 'lead'], [], ctx)).toMatchObject({ fatal: true, rows: 0 });
  });

  it('parses department cells', () => {
    expect(parseDepartment(' 区环卫局（d01.dep-sanitation） ', new Map())).toEqual({
      department: { path: 'd01.dep-sanitation', name: '区环卫局' },
    });
    expect(parseDepartment('区环卫局', new Map())).toHaveProperty('reason');
  });
});
