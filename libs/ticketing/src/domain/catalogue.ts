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

/** The set of the first release (migration `TicketingInit`): 34 components, 38 events. */
export const FIRST_NATIONAL_CATALOGUE: CatalogueEntry[] = [
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

/**
 * The event sub-classes added by migration `TicketingEventCatalogue`, so that the catalogue holds
 * the 112 event categories of a street's responsibility list in the seeds (部件类33项、事件类112项).
 */
export const ADDED_NATIONAL_EVENTS: CatalogueEntry[] = [
  ...major('event', '01', '市容环境类', [
    ['10', '乱倒污水', 4 * H, 1 * D, 'normal'],
    ['11', '餐饮油烟污染', 1 * D, 3 * D, 'normal'],
    ['12', '露天粪便', 2 * H, 8 * H, 'low', true],
    ['13', '垃圾满溢', 2 * H, 8 * H, 'normal', true],
    ['14', '垃圾分类投放不规范', 1 * D, 2 * D, 'low', true],
    ['15', '建筑垃圾乱倒', 4 * H, 2 * D, 'normal'],
    ['16', '河道漂浮物', 1 * D, 2 * D, 'normal'],
    ['17', '积雪积冰未清', 2 * H, 8 * H, 'high'],
    ['18', '沿街立面脏污', 1 * D, 3 * D, 'low'],
    ['19', '空调外机滴水', 1 * D, 3 * D, 'low', true],
    ['20', '违规饲养家禽', 1 * D, 3 * D, 'low', true],
    ['21', '公厕保洁不到位', 4 * H, 1 * D, 'low'],
  ]),
  ...major('event', '02', '宣传广告类', [
    ['05', '乱涂写乱刻画', 1 * D, 2 * D, 'low', true],
    ['06', '违规悬挂横幅', 4 * H, 1 * D, 'low', true],
    ['07', '门头招牌破损', 1 * D, 3 * D, 'normal'],
    ['08', '广告牌安全隐患', 2 * H, 1 * D, 'high'],
    ['09', '户外电子屏违规播放', 1 * D, 3 * D, 'normal'],
    ['10', '霓虹灯光污染', 1 * D, 3 * D, 'low'],
    ['11', '车身广告违规', 1 * D, 3 * D, 'low'],
    ['12', '擅自设置户外广告', 1 * D, 5 * D, 'normal'],
  ]),
  ...major('event', '03', '施工管理类', [
    ['06', '施工占道', 2 * H, 1 * D, 'normal'],
    ['07', '夜间违规施工', 1 * H, 8 * H, 'normal'],
    ['08', '工地围挡破损', 4 * H, 1 * D, 'normal'],
    ['09', '渣土车未密闭', 2 * H, 8 * H, 'normal'],
    ['10', '工地出入口未冲洗', 2 * H, 8 * H, 'low'],
    ['11', '擅自拆改房屋承重结构', 2 * H, 2 * D, 'urgent'],
    ['12', '装修垃圾乱堆', 1 * D, 2 * D, 'low', true],
    ['13', '违规现场搅拌作业', 2 * H, 1 * D, 'normal'],
    ['14', '工地泥浆外溢', 2 * H, 8 * H, 'normal'],
    ['15', '施工毁坏绿地', 1 * D, 3 * D, 'normal'],
  ]),
  ...major('event', '04', '突发事件类', [
    ['07', '火灾', 15, 4 * H, 'urgent'],
    ['08', '树木倒伏', 1 * H, 8 * H, 'high'],
    ['09', '道路结冰', 1 * H, 8 * H, 'high'],
    ['10', '有毒有害气体泄漏', 15, 4 * H, 'urgent'],
    ['11', '危险化学品泄漏', 15, 4 * H, 'urgent'],
    ['12', '路面油污', 1 * H, 8 * H, 'high'],
    ['13', '供电中断', 30, 8 * H, 'high'],
    ['14', '供水中断', 30, 8 * H, 'high'],
    ['15', '电梯困人', 15, 2 * H, 'urgent'],
    ['16', '建筑外墙脱落', 30, 1 * D, 'urgent'],
    ['17', '河道溢水', 30, 8 * H, 'urgent'],
    ['18', '边坡垮塌', 15, 1 * D, 'urgent'],
  ]),
  ...major('event', '05', '街面秩序类', [
    ['09', '乞讨卖艺', 4 * H, 1 * D, 'low'],
    ['10', '流浪人员', 2 * H, 1 * D, 'normal'],
    ['11', '占道废品收购', 4 * H, 1 * D, 'low', true],
    ['12', '黑车揽客', 2 * H, 1 * D, 'normal'],
    ['13', '共享单车堆积', 4 * H, 1 * D, 'low', true],
    ['14', '占用盲道', 4 * H, 1 * D, 'normal'],
    ['15', '占道洗车', 4 * H, 1 * D, 'low', true],
    ['16', '占道维修', 4 * H, 1 * D, 'low', true],
    ['17', '违规设置地锁地桩', 1 * D, 3 * D, 'low'],
    ['18', '店招店牌超出门面', 1 * D, 5 * D, 'low'],
    ['19', '夜间经营扰民', 1 * H, 8 * H, 'normal'],
    ['20', '兜售非法出版物', 2 * H, 1 * D, 'normal'],
    ['21', '校园周边秩序', 2 * H, 1 * D, 'normal'],
    ['22', '占用消防通道', 30, 4 * H, 'high'],
  ]),
  ...major('event', '06', '其他事件', [
    ['07', '毁绿种菜', 1 * D, 3 * D, 'low', true],
    ['08', '电动车入户充电', 2 * H, 1 * D, 'high'],
    ['09', '飞线充电', 2 * H, 1 * D, 'high', true],
    ['10', '消防设施损坏', 2 * H, 1 * D, 'high'],
    ['11', '物业服务纠纷', 1 * D, 5 * D, 'normal'],
    ['12', '拖欠农民工工资', 1 * D, 5 * D, 'high'],
    ['13', '房屋漏水', 1 * D, 3 * D, 'normal'],
    ['14', '化粪池满溢', 2 * H, 1 * D, 'high'],
    ['15', '宠物扰民', 1 * D, 3 * D, 'low', true],
    ['16', '广场舞噪声', 1 * D, 2 * D, 'low', true],
    ['17', '社区公共设施损坏', 1 * D, 3 * D, 'normal'],
    ['18', '独居老人需帮扶', 4 * H, 1 * D, 'high'],
    ['19', '困难群众求助', 1 * D, 3 * D, 'high'],
    ['20', '空巢老人探访', 1 * D, 3 * D, 'normal', true],
    ['21', '无证照经营门店', 1 * D, 5 * D, 'normal'],
    ['22', '食品安全隐患', 2 * H, 1 * D, 'high'],
    ['23', '安全生产隐患', 2 * H, 1 * D, 'high'],
    ['24', '矛盾纠纷调解', 1 * D, 5 * D, 'normal', true],
  ]),
];

/** The national catalogue as migrated: 34 components and 112 events. */
export const NATIONAL_CATALOGUE: CatalogueEntry[] = [...FIRST_NATIONAL_CATALOGUE, ...ADDED_NATIONAL_EVENTS];

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
