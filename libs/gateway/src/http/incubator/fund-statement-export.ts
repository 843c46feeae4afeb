import { formatFen, type DonationChannel, type FundEntryKind, type FundStatementView } from '@gz/contracts';
import { csvLine } from '@gz/platform';
import ExcelJS from 'exceljs';

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** The statement's columns, headed in Chinese as the fund publishes it. */
export const STATEMENT_HEADINGS = [
  '序号',
  '入账日期',
  '类别',
  '捐赠人',
  '捐赠渠道',
  '用途',
  '收款方',
  '收入（元）',
  '支出（元）',
  '余额（元）',
  '备注',
] as const;

const KIND_LABELS: Record<FundEntryKind, string> = { donation: '捐赠收入', spending: '支出', reversal: '冲正' };
const CHANNEL_LABELS: Record<DonationChannel, string> = {
  cash: '现金',
  bank_transfer: '银行转账',
  wechat_pay: '微信支付',
  alipay: '支付宝',
  other: '其他',
};

type Cell = string | { fen: number } | null;

/**
 * The statement as rows of cells: the heading, the opening balance, each entry in ledger order,
 * the period's totals and the closing balance. Amounts stay fen until written.
 */
export function statementRows(s: FundStatementView): Cell[][] {
  const fen = (n: number) => ({ fen: n });
  const totalIn = s.lines.reduce((sum, l) => sum + l.inFen, 0);
  const totalOut = s.lines.reduce((sum, l) => sum + l.outFen, 0);
  return [
    [...STATEMENT_HEADINGS],
    [
      null,
      s.from,
      '期初余额',
      null,
      null,
      null,
      null,
      null,
      null,
      fen(s.openingBalanceFen),
      `${s.name}（${s.charity}）`,
    ],
    ...s.lines.map((l): Cell[] => [
      String(l.seq),
      l.day,
      KIND_LABELS[l.kind],
      l.donor,
      l.channel ? CHANNEL_LABELS[l.channel] : null,
      l.purpose,
      l.payee,
      l.inFen ? fen(l.inFen) : null,
      l.outFen ? fen(l.outFen) : null,
      fen(l.balanceFen),
      l.reversesSeq !== null ? `冲正第${l.reversesSeq}笔：${l.reason ?? ''}` : null,
    ]),
    [null, s.to, '本期合计', null, null, null, null, fen(totalIn), fen(totalOut), null, null],
    [null, s.to, '期末余额', null, null, null, null, null, null, fen(s.closingBalanceFen), null],
  ];
}

/** CSV (UTF-8 with a BOM, so that spreadsheet programs read the Chinese), amounts as yuan with two decimals. */
export function statementCsv(s: FundStatementView): Buffer {
  const lines = statementRows(s).map((row) =>
    csvLine(row.map((c) => (c === null ? '' : typeof c === 'string' ? c : formatFen(c.fen)))),
  );
  return Buffer.from(`\ufeff${lines.join('\r\n')}\r\n`, 'utf8');
}

/**
 * An XLSX workbook of one sheet. Amounts are number cells in yuan shown with two decimals: the
 * value is the decimal text read as a number, the nearest a spreadsheet can hold.
 */
export async function statementWorkbook(s: FundStatementView): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'Gongzhi';
  const sheet = workbook.addWorksheet('收支明细');
  for (const row of statementRows(s))
    sheet.addRow(row.map((c) => (c === null ? null : typeof c === 'string' ? c : Number(formatFen(c.fen)))));
  sheet.getRow(1).font = { bold: true };
  const widths = [6, 12, 10, 20, 10, 28, 20, 14, 14, 14, 30];
  widths.forEach((w, i) => {
    const column = sheet.getColumn(i + 1);
    column.width = w;
    if (i >= 7 && i <= 9) column.numFmt = '#,##0.00';
  });
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
