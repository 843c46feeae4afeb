import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Completes the national event catalogue to the 112 event categories of a street's
 * responsibility list in the seeds. A district that already made one of these codes its own
 * keeps it.
 */
export class TicketingEventCatalogue1795478400000 implements MigrationInterface {
  name = 'TicketingEventCatalogue1795478400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `INSERT INTO "ticketing".category (code, kind, major_code, major_name, name, ack_minutes, handle_minutes, severity, grid_closable)
       SELECT code, kind, major_code, major_name, name, ack_minutes, handle_minutes, severity, grid_closable
         FROM jsonb_to_recordset($1::jsonb) AS c(code text, kind text, major_code text, major_name text, name text,
              ack_minutes int, handle_minutes int, severity text, grid_closable boolean)
       ON CONFLICT (code) DO NOTHING`,
      [
        JSON.stringify(
          ADDED_EVENTS.map(
            ([code, kind, major_code, major_name, name, ack_minutes, handle_minutes, severity, grid_closable]) => ({
              code,
              kind,
              major_code,
              major_name,
              name,
              ack_minutes,
              handle_minutes,
              severity,
              grid_closable,
            }),
          ),
        ),
      ],
    );
  }

  async down(q: QueryRunner): Promise<void> {
    // Only the categories no ticket uses yet can go.
    await q.query(
      `DELETE FROM "ticketing".category c
        WHERE c.district IS NULL AND c.code = ANY($1::text[])
          AND NOT EXISTS (SELECT 1 FROM "ticketing".ticket t WHERE t.category_code = c.code)`,
      [ADDED_EVENTS.map(([code]) => code)],
    );
  }
}

type Category = [
  code: string,
  kind: 'component' | 'event',
  majorCode: string,
  majorName: string,
  name: string,
  ackMinutes: number,
  handleMinutes: number,
  severity: 'low' | 'normal' | 'high' | 'urgent',
  gridClosable: boolean,
];

/** The event categories this migration adds, as they were migrated (frozen here). */
const ADDED_EVENTS: Category[] = [
  ['E0110', 'event', '01', '市容环境类', '乱倒污水', 240, 1440, 'normal', false],
  ['E0111', 'event', '01', '市容环境类', '餐饮油烟污染', 1440, 4320, 'normal', false],
  ['E0112', 'event', '01', '市容环境类', '露天粪便', 120, 480, 'low', true],
  ['E0113', 'event', '01', '市容环境类', '垃圾满溢', 120, 480, 'normal', true],
  ['E0114', 'event', '01', '市容环境类', '垃圾分类投放不规范', 1440, 2880, 'low', true],
  ['E0115', 'event', '01', '市容环境类', '建筑垃圾乱倒', 240, 2880, 'normal', false],
  ['E0116', 'event', '01', '市容环境类', '河道漂浮物', 1440, 2880, 'normal', false],
  ['E0117', 'event', '01', '市容环境类', '积雪积冰未清', 120, 480, 'high', false],
  ['E0118', 'event', '01', '市容环境类', '沿街立面脏污', 1440, 4320, 'low', false],
  ['E0119', 'event', '01', '市容环境类', '空调外机滴水', 1440, 4320, 'low', true],
  ['E0120', 'event', '01', '市容环境类', '违规饲养家禽', 1440, 4320, 'low', true],
  ['E0121', 'event', '01', '市容环境类', '公厕保洁不到位', 240, 1440, 'low', false],
  ['E0205', 'event', '02', '宣传广告类', '乱涂写乱刻画', 1440, 2880, 'low', true],
  ['E0206', 'event', '02', '宣传广告类', '违规悬挂横幅', 240, 1440, 'low', true],
  ['E0207', 'event', '02', '宣传广告类', '门头招牌破损', 1440, 4320, 'normal', false],
  ['E0208', 'event', '02', '宣传广告类', '广告牌安全隐患', 120, 1440, 'high', false],
  ['E0209', 'event', '02', '宣传广告类', '户外电子屏违规播放', 1440, 4320, 'normal', false],
  ['E0210', 'event', '02', '宣传广告类', '霓虹灯光污染', 1440, 4320, 'low', false],
  ['E0211', 'event', '02', '宣传广告类', '车身广告违规', 1440, 4320, 'low', false],
  ['E0212', 'event', '02', '宣传广告类', '擅自设置户外广告', 1440, 7200, 'normal', false],
  ['E0306', 'event', '03', '施工管理类', '施工占道', 120, 1440, 'normal', false],
  ['E0307', 'event', '03', '施工管理类', '夜间违规施工', 60, 480, 'normal', false],
  ['E0308', 'event', '03', '施工管理类', '工地围挡破损', 240, 1440, 'normal', false],
  ['E0309', 'event', '03', '施工管理类', '渣土车未密闭', 120, 480, 'normal', false],
  ['E0310', 'event', '03', '施工管理类', '工地出入口未冲洗', 120, 480, 'low', false],
  ['E0311', 'event', '03', '施工管理类', '擅自拆改房屋承重结构', 120, 2880, 'urgent', false],
  ['E0312', 'event', '03', '施工管理类', '装修垃圾乱堆', 1440, 2880, 'low', true],
  ['E0313', 'event', '03', '施工管理类', '违规现场搅拌作业', 120, 1440, 'normal', false],
  ['E0314', 'event', '03', '施工管理类', '工地泥浆外溢', 120, 480, 'normal', false],
  ['E0315', 'event', '03', '施工管理类', '施工毁坏绿地', 1440, 4320, 'normal', false],
  ['E0407', 'event', '04', '突发事件类', '火灾', 15, 240, 'urgent', false],
  ['E0408', 'event', '04', '突发事件类', '树木倒伏', 60, 480, 'high', false],
  ['E0409', 'event', '04', '突发事件类', '道路结冰', 60, 480, 'high', false],
  ['E0410', 'event', '04', '突发事件类', '有毒有害气体泄漏', 15, 240, 'urgent', false],
  ['E0411', 'event', '04', '突发事件类', '危险化学品泄漏', 15, 240, 'urgent', false],
  ['E0412', 'event', '04', '突发事件类', '路面油污', 60, 480, 'high', false],
  ['E0413', 'event', '04', '突发事件类', '供电中断', 30, 480, 'high', false],
  ['E0414', 'event', '04', '突发事件类', '供水中断', 30, 480, 'high', false],
  ['E0415', 'event', '04', '突发事件类', '电梯困人', 15, 120, 'urgent', false],
  ['E0416', 'event', '04', '突发事件类', '建筑外墙脱落', 30, 1440, 'urgent', false],
  ['E0417', 'event', '04', '突发事件类', '河道溢水', 30, 480, 'urgent', false],
  ['E0418', 'event', '04', '突发事件类', '边坡垮塌', 15, 1440, 'urgent', false],
  ['E0509', 'event', '05', '街面秩序类', '乞讨卖艺', 240, 1440, 'low', false],
  ['E0510', 'event', '05', '街面秩序类', '流浪人员', 120, 1440, 'normal', false],
  ['E0511', 'event', '05', '街面秩序类', '占道废品收购', 240, 1440, 'low', true],
  ['E0512', 'event', '05', '街面秩序类', '黑车揽客', 120, 1440, 'normal', false],
  ['E0513', 'event', '05', '街面秩序类', '共享单车堆积', 240, 1440, 'low', true],
  ['E0514', 'event', '05', '街面秩序类', '占用盲道', 240, 1440, 'normal', false],
  ['E0515', 'event', '05', '街面秩序类', '占道洗车', 240, 1440, 'low', true],
  ['E0516', 'event', '05', '街面秩序类', '占道维修', 240, 1440, 'low', true],
  ['E0517', 'event', '05', '街面秩序类', '违规设置地锁地桩', 1440, 4320, 'low', false],
  ['E0518', 'event', '05', '街面秩序类', '店招店牌超出门面', 1440, 7200, 'low', false],
  ['E0519', 'event', '05', '街面秩序类', '夜间经营扰民', 60, 480, 'normal', false],
  ['E0520', 'event', '05', '街面秩序类', '兜售非法出版物', 120, 1440, 'normal', false],
  ['E0521', 'event', '05', '街面秩序类', '校园周边秩序', 120, 1440, 'normal', false],
  ['E0522', 'event', '05', '街面秩序类', '占用消防通道', 30, 240, 'high', false],
  ['E0607', 'event', '06', '其他事件', '毁绿种菜', 1440, 4320, 'low', true],
  ['E0608', 'event', '06', '其他事件', '电动车入户充电', 120, 1440, 'high', false],
  ['E0609', 'event', '06', '其他事件', '飞线充电', 120, 1440, 'high', true],
  ['E0610', 'event', '06', '其他事件', '消防设施损坏', 120, 1440, 'high', false],
  ['E0611', 'event', '06', '其他事件', '物业服务纠纷', 1440, 7200, 'normal', false],
  ['E0612', 'event', '06', '其他事件', '拖欠农民工工资', 1440, 7200, 'high', false],
  ['E0613', 'event', '06', '其他事件', '房屋漏水', 1440, 4320, 'normal', false],
  ['E0614', 'event', '06', '其他事件', '化粪池满溢', 120, 1440, 'high', false],
  ['E0615', 'event', '06', '其他事件', '宠物扰民', 1440, 4320, 'low', true],
  ['E0616', 'event', '06', '其他事件', '广场舞噪声', 1440, 2880, 'low', true],
  ['E0617', 'event', '06', '其他事件', '社区公共设施损坏', 1440, 4320, 'normal', false],
  ['E0618', 'event', '06', '其他事件', '独居老人需帮扶', 240, 1440, 'high', false],
  ['E0619', 'event', '06', '其他事件', '困难群众求助', 1440, 4320, 'high', false],
  ['E0620', 'event', '06', '其他事件', '空巢老人探访', 1440, 4320, 'normal', true],
  ['E0621', 'event', '06', '其他事件', '无证照经营门店', 1440, 7200, 'normal', false],
  ['E0622', 'event', '06', '其他事件', '食品安全隐患', 120, 1440, 'high', false],
  ['E0623', 'event', '06', '其他事件', '安全生产隐患', 120, 1440, 'high', false],
  ['E0624', 'event', '06', '其他事件', '矛盾纠纷调解', 1440, 7200, 'normal', true],
];
