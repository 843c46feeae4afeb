import { makeIdNumber } from './id-number';
import { checkRows, districtTagsOf, mapHeader, validateRow } from './import-rows';

const today = new Date('2026-06-01T00:00:00Z');
const header = [
  '网格',
  '地址',
  '门牌号',
  '姓名',
  '性别',
  '出生日期',
  '身份证号',
  '电话',
  '居住类型',
  '与户主关系',
  '标签',
];
const { columns } = mapHeader(header);
const row = (over: Record<string, string> = {}) => {
  const base: Record<string, string> = {
    网格: 'd01.s01.c01.g01',
    地址: '幸福路1号',
    门牌号: '101',
    姓名: '张三',
    性别: '',
    出生日期: '',
    身份证号: makeIdNumber('110105', '1980-02-03', 11),
    电话: '13812345678',
    居住类型: '户籍',
    与户主关系: '户主',
    标签: '',
  };
  return header.map((h) => ({ ...base, ...over })[h]);
};

describe('import rows', () => {
  it('maps Chinese and English headers and names missing required columns', () => {
    expect(mapHeader(['grid_path', 'Address', 'door', 'NAME', 'residence type']).problems).toEqual([]);
    expect(mapHeader(['姓名']).problems.map((p) => p.field)).toEqual([
      'gridPath',
      'address',
      'doorNumber',
      'residenceType',
    ]);
  });

  it('accepts a good row and takes birth date and gender from the identity number', () => {
    const r = validateRow(row({ 标签: '独居老人;veteran' }), columns, 2, today);
    expect(r.problems).toEqual([]);
    expect(r.row).toMatchObject({
      birthDate: '1980-02-03',
      gender: 'male',
      residenceType: 'registered',
      relation: 'head',
      tags: ['elderly_alone', 'veteran'],
      householdType: 'family',
      ethnicity: '汉族',
    });
  });

  it('reports row, field and reason', () => {
    const bad = makeIdNumber('110105', '1980-02-03', 11).slice(0, 17) + '0';
    expect(
      validateRow(row({ 身份证号: bad === makeIdNumber('110105', '1980-02-03', 11) ? 'x' : bad }), columns, 7, today)
        .problems,
    ).toEqual([{ row: 7, field: 'idNumber', reason: expect.stringContaining('check') }]);
    expect(
      validateRow(row({ 身份证号: '', 出生日期: '', 性别: '' }), columns, 3, today).problems.map((p) => p.field),
    ).toEqual(['birthDate', 'gender']);
    expect(
      validateRow(row({ 居住类型: '临时', 电话: '123', 标签: '富豪', 网格: 'nowhere' }), columns, 4, today)
        .problems.map((p) => p.field)
        .sort(),
    ).toEqual(['gridPath', 'phone', 'residenceType', 'tags']);
    expect(validateRow(row({ 性别: '女' }), columns, 5, today).problems).toEqual([
      { row: 5, field: 'gender', reason: 'does not match the identity number' },
    ]);
  });

  it('accepts the tags the district of the grid defined, by code or name, and refuses others', () => {
    const defined = districtTagsOf([
      { district: 'd01', code: 'dialysis_patient', name: '透析病人' },
      { district: 'd02', code: 'fisherman', name: '渔民' },
    ]);
    const r = validateRow(row({ 标签: '透析病人;veteran;dialysis_patient' }), columns, 2, today, defined);
    expect(r.problems).toEqual([]);
    expect(r.row?.tags).toEqual(['dialysis_patient', 'veteran']);
    // another district's tag, and any tag when the district defined none
    expect(validateRow(row({ 标签: '渔民' }), columns, 3, today, defined).problems).toEqual([
      { row: 3, field: 'tags', reason: 'unknown tag 渔民: neither built in nor defined by d01' },
    ]);
    expect(validateRow(row({ 标签: 'dialysis_patient' }), columns, 4, today).problems.map((p) => p.field)).toEqual([
      'tags',
    ]);
  });

  it('accepts a person without an identity number given birth date and gender', () => {
    const r = validateRow(row({ 身份证号: '', 出生日期: '2020/5/6', 性别: '女' }), columns, 2, today);
    expect(r.row).toMatchObject({ idNumber: null, birthDate: '2020-05-06', gender: 'female' });
  });

  it('checks the rows against the scope, the org tree and each other', () => {
    const other = makeIdNumber('110105', '1982-04-05', 22);
    const cells = [
      header,
      row(),
      row({ 姓名: '张三丰', 与户主关系: '配偶' }),
      row({ 身份证号: other, 姓名: '李四', 与户主关系: '户主' }),
      row({ 网格: 'd01.s01.c01.g09', 身份证号: makeIdNumber('110105', '1990-01-01', 33) }),
      row({ 网格: 'd01.s02.c01.g01', 身份证号: makeIdNumber('110105', '1991-01-01', 44) }),
      row({ 身份证号: '', 出生日期: '2020-05-06', 性别: '女', 姓名: '小红', 与户主关系: '子女' }),
      row({ 身份证号: '', 出生日期: '2020-05-06', 性别: '女', 姓名: '小红', 与户主关系: '子女' }),
    ];
    const checked = checkRows(cells, columns, {
      today,
      districtTags: new Map(),
      mayWrite: (path) => path.startsWith('d01.s01.'),
      unknownGrids: new Set(['d01.s01.c01.g09']),
    });
    expect(checked.problems).toEqual([
      { row: 3, field: 'idNumber', reason: 'the same person as row 2' },
      { row: 4, field: 'relation', reason: 'the household already has a head in row 2' },
      { row: 5, field: 'gridPath', reason: 'd01.s01.c01.g09 is not a grid of the organisation tree' },
      { row: 6, field: 'gridPath', reason: 'outside your scope: d01.s02.c01.g01' },
      { row: 8, field: 'name', reason: 'the same person as row 7' },
    ]);
    expect(checked.valid.map((v) => [v.rowNo, v.row.name])).toEqual([
      [2, '张三'],
      [7, '小红'],
    ]);
  });
});
