import { PERIOD_BASIS_LABELS, type PeriodBasis, type UnitKind } from '@gz/contracts';

/**
 * The measures the projection writes (domain/sources), with what each counts, in words. A
 * district's own indicator is built from these; a name not listed here is refused.
 */
export const MEASURES: Record<
  string,
  { label: string; unitKinds: readonly UnitKind[]; bases: readonly PeriodBasis[]; facets: boolean }
> = {
  'ticket.reported': {
    label: '上报件数',
    unitKinds: ['street', 'community', 'grid', 'grid_worker'],
    bases: ['reported'],
    facets: true,
  },
  'ticket.opened': { label: '立案件数', unitKinds: ['street', 'community', 'grid'], bases: ['opened'], facets: true },
  'ticket.closed': {
    label: '结案件数',
    unitKinds: ['street', 'community', 'grid'],
    bases: ['closed', 'opened', 'reported'],
    facets: true,
  },
  'ticket.rejected': {
    label: '不予立案件数',
    unitKinds: ['street', 'community', 'grid'],
    bases: ['at'],
    facets: false,
  },
  'ticket.handled': { label: '处置反馈件次', unitKinds: ['street', 'community', 'grid'], bases: ['at'], facets: false },
  'ticket.reopened': {
    label: '核查不通过重办件次',
    unitKinds: ['street', 'community', 'grid'],
    bases: ['at'],
    facets: false,
  },
  'ticket.escalated': {
    label: '超时升级件次',
    unitKinds: ['street', 'community', 'grid'],
    bases: ['at'],
    facets: false,
  },
  'ticket.handling_minutes': {
    label: '立案至结案分钟数之和',
    unitKinds: ['street', 'community', 'grid'],
    bases: ['closed'],
    facets: false,
  },
  'ticket.handling_count': {
    label: '计时结案件数',
    unitKinds: ['street', 'community', 'grid'],
    bases: ['closed'],
    facets: false,
  },
  'ticket.rated': {
    label: '评价件数',
    unitKinds: ['street', 'community', 'grid', 'department'],
    bases: ['at', 'closed'],
    facets: false,
  },
  'ticket.stars': {
    label: '评价星数之和',
    unitKinds: ['street', 'community', 'grid', 'department'],
    bases: ['at', 'closed'],
    facets: false,
  },
  'ticket.rated_high': {
    label: '4–5星评价件数',
    unitKinds: ['street', 'community', 'grid', 'department'],
    bases: ['at', 'closed'],
    facets: false,
  },
  'assignment.assigned': { label: '派遣件数', unitKinds: ['department'], bases: ['at'], facets: false },
  'assignment.acknowledged': { label: '签收件数', unitKinds: ['department'], bases: ['at'], facets: false },
  'assignment.ack_due': { label: '应签收件数', unitKinds: ['department'], bases: ['due'], facets: false },
  'assignment.ack_on_time': { label: '按时签收件数', unitKinds: ['department'], bases: ['due'], facets: false },
  'assignment.handle_due': { label: '应办结件数', unitKinds: ['department'], bases: ['due'], facets: false },
  'assignment.handled_on_time': { label: '按期办结件数', unitKinds: ['department'], bases: ['due'], facets: false },
  'assignment.handled': { label: '办理完成件数', unitKinds: ['department'], bases: ['at'], facets: false },
  'assignment.handed_back': { label: '退回件数', unitKinds: ['department'], bases: ['at'], facets: false },
  'assignment.reworked': { label: '返工件数', unitKinds: ['department'], bases: ['at'], facets: false },
  'assignment.escalated': { label: '超时升级件次', unitKinds: ['department'], bases: ['at'], facets: false },
  'assignment.escalated_district': { label: '升级至区件次', unitKinds: ['department'], bases: ['at'], facets: false },
  'assignment.handling_minutes': {
    label: '派遣至办理完成分钟数之和',
    unitKinds: ['department'],
    bases: ['at'],
    facets: false,
  },
  'assignment.handling_count': { label: '计时办理件数', unitKinds: ['department'], bases: ['at'], facets: false },
  'visit.must_visit': {
    label: '六必访走访户次',
    unitKinds: ['street', 'community', 'grid', 'grid_worker'],
    bases: ['at'],
    facets: false,
  },
  'rental.red_graded': {
    label: '评为红色出租房数',
    unitKinds: ['street', 'community', 'grid'],
    bases: ['at'],
    facets: false,
  },
  'rental.red_remediated': {
    label: '红色出租房整改数',
    unitKinds: ['street', 'community', 'grid'],
    bases: ['at'],
    facets: false,
  },
  'topic.due': { label: '应按期解决议题数', unitKinds: ['street', 'community'], bases: ['due'], facets: false },
  'topic.resolved': { label: '已解决议题数', unitKinds: ['street', 'community'], bases: ['at'], facets: false },
  'topic.resolved_on_time': {
    label: '按期解决议题数',
    unitKinds: ['street', 'community'],
    bases: ['due'],
    facets: false,
  },
  'vote.electorate': { label: '表决应参与业主人数', unitKinds: ['street', 'community'], bases: ['at'], facets: false },
  'vote.participants': { label: '表决参与业主人数', unitKinds: ['street', 'community'], bases: ['at'], facets: false },
  'property.rated': { label: '物业评价份数', unitKinds: ['property_company'], bases: ['at'], facets: false },
  'property.points': {
    label: '物业评价得分（每份0–20）',
    unitKinds: ['property_company'],
    bases: ['at'],
    facets: false,
  },
  'property.points_max': {
    label: '物业评价满分（每份20）',
    unitKinds: ['property_company'],
    bases: ['at'],
    facets: false,
  },
  'incident.grave': {
    label: '重大事件数',
    unitKinds: ['street', 'community', 'grid', 'department', 'grid_worker', 'property_company', 'social_org'],
    bases: ['at'],
    facets: false,
  },
  'street_rating.points': { label: '街道评价得分', unitKinds: ['department'], bases: ['at'], facets: false },
  'street_rating.max': { label: '街道评价满分', unitKinds: ['department'], bases: ['at'], facets: false },
  'survey.answers': { label: '问卷答卷数', unitKinds: ['street', 'community', 'grid'], bases: ['at'], facets: false },
  'survey.satisfied': {
    label: '满意答卷数（平均≥4分）',
    unitKinds: ['street', 'community', 'grid'],
    bases: ['at'],
    facets: false,
  },
  'survey.points': { label: '问卷得分之和', unitKinds: ['street', 'community', 'grid'], bases: ['at'], facets: false },
  'survey.points_max': {
    label: '问卷满分之和',
    unitKinds: ['street', 'community', 'grid'],
    bases: ['at'],
    facets: false,
  },
  'third_party.sample': {
    label: '第三方测评样本数',
    unitKinds: ['street', 'community', 'grid'],
    bases: ['at'],
    facets: false,
  },
  'third_party.satisfied': {
    label: '第三方测评满意数',
    unitKinds: ['street', 'community', 'grid'],
    bases: ['at'],
    facets: false,
  },
  'incubation.admitted': { label: '入孵社会组织数', unitKinds: ['street', 'community'], bases: ['at'], facets: false },
  'incubation.reviewed_on_time': {
    label: '5个工作日内初审入孵数',
    unitKinds: ['street', 'community'],
    bases: ['at'],
    facets: false,
  },
  'incubation.graduated': {
    label: '出壳（结业）社会组织数',
    unitKinds: ['street', 'community', 'social_org'],
    bases: ['at'],
    facets: false,
  },
  'incubation.left': { label: '中途退出孵化数', unitKinds: ['street', 'community'], bases: ['at'], facets: false },
  'volunteer.minutes': {
    label: '志愿服务分钟数（按服务日）',
    unitKinds: ['street', 'community', 'social_org'],
    bases: ['at'],
    facets: false,
  },
  'volunteer.entries': {
    label: '志愿服务记录人次',
    unitKinds: ['street', 'community', 'social_org'],
    bases: ['at'],
    facets: false,
  },
  'fund.spendings_published': {
    label: '社区基金公示支出笔数',
    unitKinds: ['street', 'community'],
    bases: ['at'],
    facets: false,
  },
  'fund.spent_fen': {
    label: '社区基金公示支出金额（分，扣除冲正）',
    unitKinds: ['street', 'community'],
    bases: ['at'],
    facets: false,
  },
  'fund.donated_fen': {
    label: '社区基金募集金额（分，扣除冲正）',
    unitKinds: ['street', 'community'],
    bases: ['at'],
    facets: false,
  },
  'service.deliverables_accepted': {
    label: '购买服务成果验收数',
    unitKinds: ['social_org'],
    bases: ['at'],
    facets: false,
  },
};

const FACET_LABELS: Record<string, string> = {
  'kind:component': '部件类',
  'kind:event': '事件类',
  'source:grid_patrol': '网格员巡查',
  'source:informant': '信息员报送',
  'source:resident': '居民诉求',
  'source:hotline_12345': '12345热线',
  'source:partner': '合作系统',
  'source:camera': '视频监控',
};

/** A measure reference in words: `结案件数（事件类，按立案时间）`. */
export function measureText(ref: { measure: string; basis: PeriodBasis; facet: string }): string {
  const label = MEASURES[ref.measure]?.label ?? ref.measure;
  const parts = [
    ref.facet === '*' ? null : (FACET_LABELS[ref.facet] ?? ref.facet),
    PERIOD_BASIS_LABELS[ref.basis],
  ].filter(Boolean);
  return `${label}（${parts.join('，')}）`;
}
