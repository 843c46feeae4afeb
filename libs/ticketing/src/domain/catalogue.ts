import type { CategoryKind, Severity } from '@gz/contracts';

/**
 * The national digital city-management classification (数字化城市管理 部件/事件 分类, after
 * GB/T 30428.2 and CJ/T 214): component (部件) and event (事件) major classes, each with
 * sub-classes. Codes: `C` + major + sub for components, `E` + major + sub for events.
 * Deadlines are the usual defaults (to acknowledge 签收, to handle 处置), in minutes; a district
 * changes them by adding its own categories.
 */
export interface CatalogueEntry {
  code: string;
  kind: CategoryKind;
  majorCode: string;
  majorName: string;
  name: string;
  ackMinutes: number;
  handleMinutes: number;
  severity: Severity;
  gridClosable: boolean;
}

const H = 60;
const D = 24 * H;

type Row = [sub: string, name: string, ack: number, handle: number, severity: Severity, grid?: boolean];

function major(kind: CategoryKind, majorCode: string, majorName: string, rows: Row[]): CatalogueEntry[] {
  return rows.map(([sub, name, ackMinutes, handleMinutes, severity, grid]) => ({
    code: `${kind === 'component' ? 'C' : 'E'}${majorCode}${sub}`,
    kind,
    majorCode,
    majorName,
    name,
    ackMinutes,
    handleMinutes,
    severity,
    gridClosable: grid === true,
  }));
}

export const NATIONAL_CATALOGUE: CatalogueEntry[] = [
  // 部件 components
  ...major('component', '01', '公用设施类', [
    ['01', '上水井盖', 2 * H, 1 * D, 'high'],
    ['02', '污水井盖', 2 * H, 1 * D, 'high'],
    ['03', '雨水井盖', 2 * H, 1 * D, 'high'],
    ['04', '雨水箅子', 4 * H, 2 * D, 'normal'],
    ['05', '电力井盖', 2 * H, 1 * D, 'high'],
    ['06', '路灯井盖', 2 * H, 1 * D, 'high'],
    ['07', '通信井盖', 2 * H, 1 * D, 'high'],
    ['13', '无主井盖（窨井盖）', 2 * H, 1 * D, 'high'],
    ['14', '消防栓', 4 * H, 2 * D, 'high'],
    ['18', '路灯', 1 * D, 3 * D, 'normal'],
    ['21', '变压器（箱）', 2 * H, 1 * D, 'high'],
  ]),
  ...major('component', '02', '道路交通类', [
    ['01', '停车场', 1 * D, 5 * D, 'low'],
    ['03', '公交站亭', 1 * D, 3 * D, 'normal'],
    ['08', '交通信号灯', 2 * H, 1 * D, 'high'],
    ['09', '交通标志牌', 1 * D, 3 * D, 'normal'],
    ['11', '道路护栏', 1 * D, 3 * D, 'normal'],
    ['16', '盲道', 1 * D, 5 * D, 'normal'],
  ]),
  ...major('component', '03', '市容环境类', [
    ['01', '公共厕所', 1 * D, 3 * D, 'normal'],
    ['02', '旱厕', 1 * D, 3 * D, 'normal'],
    ['03', '化粪池', 4 * H, 2 * D, 'high'],
    ['04', '垃圾间（楼）', 1 * D, 3 * D, 'normal'],
    ['05', '果皮箱', 1 * D, 2 * D, 'low', true],
    ['06', '垃圾箱', 1 * D, 2 * D, 'low', true],
    ['07', '户外广告牌匾', 1 * D, 5 * D, 'normal'],
  ]),
  ...major('component', '04', '园林绿化类', [
    ['01', '古树名木', 4 * H, 2 * D, 'high'],
    ['02', '行道树', 1 * D, 3 * D, 'normal'],
    ['03', '绿地', 1 * D, 5 * D, 'low'],
    ['05', '花坛花箱', 1 * D, 3 * D, 'low', true],
  ]),
  ...major('component', '05', '房屋土地类', [
    ['01', '宣传栏', 1 * D, 5 * D, 'low', true],
    ['02', '危旧房屋', 2 * H, 2 * D, 'urgent'],
    ['03', '公房', 1 * D, 5 * D, 'normal'],
  ]),
  ...major('component', '06', '其他设施类', [
    ['01', '健身设施', 1 * D, 5 * D, 'low'],
    ['02', '监控电子眼', 1 * D, 3 * D, 'normal'],
    ['03', '非机动车充电桩', 1 * D, 3 * D, 'normal'],
  ]),
  // 事件 events
  ...major('event', '01', '市容环境类', [
    ['01', '私搭乱建', 1 * D, 10 * D, 'normal'],
    ['02', '暴露垃圾', 4 * H, 1 * D, 'normal', true],
    ['03', '积存垃圾渣土', 4 * H, 2 * D, 'normal'],
    ['04', '道路不洁', 4 * H, 1 * D, 'low', true],
    ['05', '水域不洁', 1 * D, 3 * D, 'normal'],
    ['06', '绿地脏乱', 1 * D, 2 * D, 'low', true],
    ['07', '废弃车辆', 1 * D, 7 * D, 'low'],
    ['08', '焚烧垃圾树叶', 1 * H, 4 * H, 'high'],
    ['09', '动物尸体', 2 * H, 8 * H, 'normal'],
  ]),
  ...major('event', '02', '宣传广告类', [
    ['01', '违章张贴小广告', 1 * D, 2 * D, 'low', true],
    ['02', '违规散发宣传品', 4 * H, 1 * D, 'low', true],
    ['03', '占道广告牌', 1 * D, 5 * D, 'normal'],
    ['04', '横幅标语破损', 1 * D, 2 * D, 'low', true],
  ]),
  ...major('event', '03', '施工管理类', [
    ['01', '施工扰民', 2 * H, 1 * D, 'normal'],
    ['02', '道路遗撒', 2 * H, 8 * H, 'normal'],
    ['03', '无证掘路', 2 * H, 1 * D, 'high'],
    ['04', '工地扬尘', 2 * H, 1 * D, 'normal'],
    ['05', '施工废弃料', 1 * D, 3 * D, 'normal'],
  ]),
  ...major('event', '04', '突发事件类', [
    ['01', '路面塌陷', 30, 8 * H, 'urgent'],
    ['02', '自来水管破裂', 30, 8 * H, 'urgent'],
    ['03', '燃气管道破裂', 15, 4 * H, 'urgent'],
    ['04', '下水道堵塞或破损', 1 * H, 1 * D, 'high'],
    ['05', '道路积水', 1 * H, 8 * H, 'high'],
    ['06', '架空线缆损坏', 1 * H, 1 * D, 'high'],
  ]),
  ...major('event', '05', '街面秩序类', [
    ['01', '无照经营游商', 2 * H, 1 * D, 'normal'],
    ['02', '占道经营', 2 * H, 1 * D, 'normal', true],
    ['03', '店外经营', 2 * H, 1 * D, 'low', true],
    ['04', '乱堆物料', 4 * H, 2 * D, 'low', true],
    ['05', '机动车乱停放', 2 * H, 8 * H, 'normal'],
    ['06', '非机动车乱停放', 4 * H, 1 * D, 'low', true],
    ['07', '露天烧烤', 1 * H, 4 * H, 'normal'],
    ['08', '沿街晾挂', 1 * D, 2 * D, 'low', true],
  ]),
  ...major('event', '06', '其他事件', [
    ['01', '噪声扰民', 2 * H, 1 * D, 'normal'],
    ['02', '群租房', 1 * D, 10 * D, 'normal'],
    ['03', '楼道堆物', 1 * D, 3 * D, 'low', true],
    ['04', '高空抛物', 2 * H, 1 * D, 'high'],
    ['05', '违规饲养犬只', 1 * D, 3 * D, 'low', true],
    ['06', '邻里纠纷', 1 * D, 5 * D, 'normal', true],
  ]),
];

/** Additions of the demo district (d01): finer sub-classes the district asked for. */
export const DEMO_DISTRICT_CATEGORIES: Array<CatalogueEntry & { district: string }> = [
  {
    code: 'C0302-01',
    kind: 'component',
    majorCode: '03',
    majorName: '市容环境类',
    name: '旱厕墙体破损',
    ackMinutes: 1 * D,
    handleMinutes: 3 * D,
    severity: 'high',
    gridClosable: false,
    district: 'd01',
  },
  {
    code: 'E0603-01',
    kind: 'event',
    majorCode: '06',
    majorName: '其他事件',
    name: '楼道电动车充电',
    ackMinutes: 2 * H,
    handleMinutes: 1 * D,
    severity: 'high',
    gridClosable: true,
    district: 'd01',
  },
];
