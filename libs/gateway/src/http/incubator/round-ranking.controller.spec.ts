import type { RankingEntryView, RankingExportView } from '@gz/contracts';
import { readSpreadsheet } from '@gz/platform';
import { rankingCsv, rankingXlsx, yuan } from './round-ranking.controller';

const entry = (over: Partial<RankingEntryView> = {}): RankingEntryView => ({
  rank: 1,
  applicationId: '01900000-0000-7000-8000-000000000001',
  title: '楼道书画美化, "第一期"',
  organisationId: '01900000-0000-7000-8000-000000000002',
  organisationName: '湖光社区书画社',
  communityPath: 'd01.s01.c01',
  amountFen: 3_500_001,
  reviewers: 3,
  meanScore: 8845,
  scoreSum: 26535,
  fullyReviewed: true,
  status: 'awarded',
  awardedFen: 3_500_001,
  submittedAt: '2026-05-12T01:00:00.000Z',
  ...over,
});

const view: RankingExportView = {
  round: {
    id: 'r',
    title: '2026年公益创投',
    place: 'd01.s01',
    track: 'standard',
    status: 'awarded',
    budgetFen: 10_000_000,
    remainingFen: 6_499_999,
  },
  rows: [
    entry(),
    entry({
      rank: 2,
      title: '河道守护',
      meanScore: null,
      scoreSum: null,
      reviewers: 0,
      status: 'submitted',
      awardedFen: null,
      amountFen: 5,
    }),
  ],
};

describe('the ranking export', () => {
  it('writes fen as yuan exactly', () => {
    expect([yuan(0), yuan(5), yuan(100), yuan(3_500_001), yuan(-250), yuan(null)]).toEqual([
      '0.00',
      '0.05',
      '1.00',
      '35000.01',
      '-2.50',
      '',
    ]);
  });

  it('writes CSV with Chinese headings that the spreadsheet reader reads back', async () => {
    const rows = await readSpreadsheet(rankingCsv(view), 'ranking.csv');
    expect(rows[0]).toEqual([
      '排名',
      '项目名称',
      '申报组织',
      '服务社区',
      '申请金额（元）',
      '评审人数',
      '平均分',
      '状态',
      '资助金额（元）',
      '申报时间',
    ]);
    expect(rows[1].slice(0, 9)).toEqual([
      '1',
      '楼道书画美化, "第一期"',
      '湖光社区书画社',
      'd01.s01.c01',
      '35000.01',
      '3',
      '88.45',
      '已资助',
      '35000.01',
    ]);
    expect(rows[2].slice(0, 9)).toEqual([
      '2',
      '河道守护',
      '湖光社区书画社',
      'd01.s01.c01',
      '0.05',
      '0',
      '',
      '已申报',
      '',
    ]);
  });

  it('writes a workbook with the round above the table', async () => {
    const rows = await readSpreadsheet(await rankingXlsx(view), 'ranking.xlsx');
    expect(rows[0][0]).toBe('2026年公益创投（预算 100000.00 元，剩余 64999.99 元）');
    expect(rows[1][0]).toBe('排名');
    expect(rows.slice(2).map((r) => r[1])).toEqual(['楼道书画美化, "第一期"', '河道守护']);
  });
});
