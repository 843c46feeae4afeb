import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The ticketing schema: the category catalogue (seeded with the national set), tickets, their timeline, idempotency keys. */
export class TicketingInit1764100000000 implements MigrationInterface {
  name = 'TicketingInit1764100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE "ticketing".category (
        code text PRIMARY KEY,
        kind text NOT NULL CHECK (kind IN ('component','event')),
        major_code text NOT NULL,
        major_name text NOT NULL,
        name text NOT NULL,
        ack_minutes int NOT NULL CHECK (ack_minutes > 0),
        handle_minutes int NOT NULL CHECK (handle_minutes > 0),
        severity text NOT NULL CHECK (severity IN ('low','normal','high','urgent')),
        grid_closable boolean NOT NULL,
        district text,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    const values: unknown[] = [];
    const rows = FIRST_CATALOGUE.map((c, i) => {
      values.push(...c);
      const b = i * 9;
      return `($${b + 1},$${b + 2},$${b + 3},$${b + 4},$${b + 5},$${b + 6},$${b + 7},$${b + 8},$${b + 9})`;
    });
    await q.query(
      `INSERT INTO "ticketing".category (code, kind, major_code, major_name, name, ack_minutes, handle_minutes, severity, grid_closable)
       VALUES ${rows.join(',')}`,
      values,
    );

    await q.query(`
      CREATE TABLE "ticketing".ticket (
        id uuid PRIMARY KEY,
        street_code text NOT NULL,
        grid_path text NOT NULL,
        building text,
        address text,
        lat double precision,
        lng double precision,
        category_code text NOT NULL REFERENCES "ticketing".category (code),
        category_name text NOT NULL,
        category_kind text NOT NULL,
        severity text NOT NULL,
        grid_closable boolean NOT NULL,
        ack_minutes int NOT NULL,
        handle_minutes int NOT NULL,
        source text NOT NULL,
        description text NOT NULL,
        informant text,
        external_ref text,
        photos text[] NOT NULL DEFAULT '{}',
        reporter_id text NOT NULL,
        reporter_kind text NOT NULL,
        reporter_name text,
        state text NOT NULL CHECK (state IN ('reported','opened','rejected','merged','dispatched','acknowledged','handled','checked','closed','reopened','rated')),
        version int NOT NULL DEFAULT 1,
        departments jsonb NOT NULL DEFAULT '[]'::jsonb,
        department_paths text[] NOT NULL DEFAULT '{}',
        merged_into uuid REFERENCES "ticketing".ticket (id),
        reject_reason text,
        result text,
        escalation_level int NOT NULL DEFAULT 0,
        rating int CHECK (rating BETWEEN 1 AND 5),
        rating_comment text,
        rated_by text,
        reported_at timestamptz NOT NULL,
        opened_at timestamptz,
        dispatched_at timestamptz,
        acknowledged_at timestamptz,
        handled_at timestamptz,
        checked_at timestamptz,
        closed_at timestamptz,
        rated_at timestamptz,
        updated_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX ticket_grid_path ON "ticketing".ticket (grid_path text_pattern_ops)`);
    await q.query(`CREATE INDEX ticket_street_state ON "ticketing".ticket (street_code, state)`);
    await q.query(`CREATE INDEX ticket_departments ON "ticketing".ticket USING gin (department_paths)`);
    await q.query(`CREATE INDEX ticket_reporter ON "ticketing".ticket (reporter_id)`);
    await q.query(
      `CREATE INDEX ticket_open_by_category ON "ticketing".ticket (category_code, reported_at)
        WHERE state NOT IN ('rejected','merged','closed','rated')`,
    );

    await q.query(`
      CREATE TABLE "ticketing".ticket_event (
        id uuid PRIMARY KEY,
        ticket_id uuid NOT NULL REFERENCES "ticketing".ticket (id),
        seq int NOT NULL,
        action text NOT NULL,
        from_state text,
        to_state text,
        at timestamptz NOT NULL,
        actor_id text NOT NULL,
        actor_kind text NOT NULL,
        actor_name text,
        note text,
        photos text[] NOT NULL DEFAULT '{}',
        data jsonb NOT NULL DEFAULT '{}'::jsonb,
        CONSTRAINT ticket_event_seq UNIQUE (ticket_id, seq)
      )`);

    await q.query(`
      CREATE TABLE "ticketing".report_key (
        actor_id text NOT NULL,
        key text NOT NULL,
        ticket_id uuid NOT NULL REFERENCES "ticketing".ticket (id),
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (actor_id, key)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "ticketing".report_key`);
    await q.query(`DROP TABLE "ticketing".ticket_event`);
    await q.query(`DROP TABLE "ticketing".ticket`);
    await q.query(`DROP TABLE "ticketing".category`);
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

/**
 * The national catalogue of this first release, as it was migrated: 34 components, 38 events
 * (frozen here, so that a later catalogue never rewrites what this migration did).
 */
const FIRST_CATALOGUE: Category[] = [
  ['C0101', 'component', '01', '公用设施类', '上水井盖', 120, 1440, 'high', false],
  ['C0102', 'component', '01', '公用设施类', '污水井盖', 120, 1440, 'high', false],
  ['C0103', 'component', '01', '公用设施类', '雨水井盖', 120, 1440, 'high', false],
  ['C0104', 'component', '01', '公用设施类', '雨水箅子', 240, 2880, 'normal', false],
  ['C0105', 'component', '01', '公用设施类', '电力井盖', 120, 1440, 'high', false],
  ['C0106', 'component', '01', '公用设施类', '路灯井盖', 120, 1440, 'high', false],
  ['C0107', 'component', '01', '公用设施类', '通信井盖', 120, 1440, 'high', false],
  ['C0113', 'component', '01', '公用设施类', '无主井盖（窨井盖）', 120, 1440, 'high', false],
  ['C0114', 'component', '01', '公用设施类', '消防栓', 240, 2880, 'high', false],
  ['C0118', 'component', '01', '公用设施类', '路灯', 1440, 4320, 'normal', false],
  ['C0121', 'component', '01', '公用设施类', '变压器（箱）', 120, 1440, 'high', false],
  ['C0201', 'component', '02', '道路交通类', '停车场', 1440, 7200, 'low', false],
  ['C0203', 'component', '02', '道路交通类', '公交站亭', 1440, 4320, 'normal', false],
  ['C0208', 'component', '02', '道路交通类', '交通信号灯', 120, 1440, 'high', false],
  ['C0209', 'component', '02', '道路交通类', '交通标志牌', 1440, 4320, 'normal', false],
  ['C0211', 'component', '02', '道路交通类', '道路护栏', 1440, 4320, 'normal', false],
  ['C0216', 'component', '02', '道路交通类', '盲道', 1440, 7200, 'normal', false],
  ['C0301', 'component', '03', '市容环境类', '公共厕所', 1440, 4320, 'normal', false],
  ['C0302', 'component', '03', '市容环境类', '旱厕', 1440, 4320, 'normal', false],
  ['C0303', 'component', '03', '市容环境类', '化粪池', 240, 2880, 'high', false],
  ['C0304', 'component', '03', '市容环境类', '垃圾间（楼）', 1440, 4320, 'normal', false],
  ['C0305', 'component', '03', '市容环境类', '果皮箱', 1440, 2880, 'low', true],
  ['C0306', 'component', '03', '市容环境类', '垃圾箱', 1440, 2880, 'low', true],
  ['C0307', 'component', '03', '市容环境类', '户外广告牌匾', 1440, 7200, 'normal', false],
  ['C0401', 'component', '04', '园林绿化类', '古树名木', 240, 2880, 'high', false],
  ['C0402', 'component', '04', '园林绿化类', '行道树', 1440, 4320, 'normal', false],
  ['C0403', 'component', '04', '园林绿化类', '绿地', 1440, 7200, 'low', false],
  ['C0405', 'component', '04', '园林绿化类', '花坛花箱', 1440, 4320, 'low', true],
  ['C0501', 'component', '05', '房屋土地类', '宣传栏', 1440, 7200, 'low', true],
  ['C0502', 'component', '05', '房屋土地类', '危旧房屋', 120, 2880, 'urgent', false],
  ['C0503', 'component', '05', '房屋土地类', '公房', 1440, 7200, 'normal', false],
  ['C0601', 'component', '06', '其他设施类', '健身设施', 1440, 7200, 'low', false],
  ['C0602', 'component', '06', '其他设施类', '监控电子眼', 1440, 4320, 'normal', false],
  ['C0603', 'component', '06', '其他设施类', '非机动车充电桩', 1440, 4320, 'normal', false],
  ['E0101', 'event', '01', '市容环境类', '私搭乱建', 1440, 14400, 'normal', false],
  ['E0102', 'event', '01', '市容环境类', '暴露垃圾', 240, 1440, 'normal', true],
  ['E0103', 'event', '01', '市容环境类', '积存垃圾渣土', 240, 2880, 'normal', false],
  ['E0104', 'event', '01', '市容环境类', '道路不洁', 240, 1440, 'low', true],
  ['E0105', 'event', '01', '市容环境类', '水域不洁', 1440, 4320, 'normal', false],
  ['E0106', 'event', '01', '市容环境类', '绿地脏乱', 1440, 2880, 'low', true],
  ['E0107', 'event', '01', '市容环境类', '废弃车辆', 1440, 10080, 'low', false],
  ['E0108', 'event', '01', '市容环境类', '焚烧垃圾树叶', 60, 240, 'high', false],
  ['E0109', 'event', '01', '市容环境类', '动物尸体', 120, 480, 'normal', false],
  ['E0201', 'event', '02', '宣传广告类', '违章张贴小广告', 1440, 2880, 'low', true],
  ['E0202', 'event', '02', '宣传广告类', '违规散发宣传品', 240, 1440, 'low', true],
  ['E0203', 'event', '02', '宣传广告类', '占道广告牌', 1440, 7200, 'normal', false],
  ['E0204', 'event', '02', '宣传广告类', '横幅标语破损', 1440, 2880, 'low', true],
  ['E0301', 'event', '03', '施工管理类', '施工扰民', 120, 1440, 'normal', false],
  ['E0302', 'event', '03', '施工管理类', '道路遗撒', 120, 480, 'normal', false],
  ['E0303', 'event', '03', '施工管理类', '无证掘路', 120, 1440, 'high', false],
  ['E0304', 'event', '03', '施工管理类', '工地扬尘', 120, 1440, 'normal', false],
  ['E0305', 'event', '03', '施工管理类', '施工废弃料', 1440, 4320, 'normal', false],
  ['E0401', 'event', '04', '突发事件类', '路面塌陷', 30, 480, 'urgent', false],
  ['E0402', 'event', '04', '突发事件类', '自来水管破裂', 30, 480, 'urgent', false],
  ['E0403', 'event', '04', '突发事件类', '燃气管道破裂', 15, 240, 'urgent', false],
  ['E0404', 'event', '04', '突发事件类', '下水道堵塞或破损', 60, 1440, 'high', false],
  ['E0405', 'event', '04', '突发事件类', '道路积水', 60, 480, 'high', false],
  ['E0406', 'event', '04', '突发事件类', '架空线缆损坏', 60, 1440, 'high', false],
  ['E0501', 'event', '05', '街面秩序类', '无照经营游商', 120, 1440, 'normal', false],
  ['E0502', 'event', '05', '街面秩序类', '占道经营', 120, 1440, 'normal', true],
  ['E0503', 'event', '05', '街面秩序类', '店外经营', 120, 1440, 'low', true],
  ['E0504', 'event', '05', '街面秩序类', '乱堆物料', 240, 2880, 'low', true],
  ['E0505', 'event', '05', '街面秩序类', '机动车乱停放', 120, 480, 'normal', false],
  ['E0506', 'event', '05', '街面秩序类', '非机动车乱停放', 240, 1440, 'low', true],
  ['E0507', 'event', '05', '街面秩序类', '露天烧烤', 60, 240, 'normal', false],
  ['E0508', 'event', '05', '街面秩序类', '沿街晾挂', 1440, 2880, 'low', true],
  ['E0601', 'event', '06', '其他事件', '噪声扰民', 120, 1440, 'normal', false],
  ['E0602', 'event', '06', '其他事件', '群租房', 1440, 14400, 'normal', false],
  ['E0603', 'event', '06', '其他事件', '楼道堆物', 1440, 4320, 'low', true],
  ['E0604', 'event', '06', '其他事件', '高空抛物', 120, 1440, 'high', false],
  ['E0605', 'event', '06', '其他事件', '违规饲养犬只', 1440, 4320, 'low', true],
  ['E0606', 'event', '06', '其他事件', '邻里纠纷', 1440, 7200, 'normal', true],
];
