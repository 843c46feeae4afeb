import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { IncubatorEvents, type CommunityCoverageView } from '@gz/contracts';
import { createTestDatabase, testBusRoot, testEnv, TestClock, TestSession, type TestDatabase } from '@gz/testing';
import { bootIncubator, eventsOf, incubatorDb, organisationIn } from './factories';

describe("organisations' records through the gateway: edits, legal status, documents, grades, contacts, coverage", () => {
  let db: TestDatabase;
  let app: NestFastifyApplication;
  const clock = new TestClock('2026-05-12T08:00:00+08:00');
  const s = new TestSession(() => app);
  const http = () => s.http();
  const org = (id: string, as = 'street-admin') =>
    http()
      .get(`/api/v1/incubator/organisations/${id}`)
      .set(s.as(as))
      .expect(200)
      .then((r) => r.body);
  const count = async (table: string): Promise<number> =>
    (await incubatorDb(app).query(`SELECT count(*)::int AS n FROM "incubator".${table}`))[0].n;
  const document = { title: '社区社会组织备案回执', reference: '东民备〔2026〕8号', issuedOn: '2026-05-10' };

  beforeAll(async () => {
    db = await createTestDatabase();
    const env = testEnv({
      databaseUrl: db.url,
      busRoot: testBusRoot(),
      nats: false,
      extra: { RATE_LIMIT_PER_MINUTE: '100000', ORGS_PER_COMMUNITY_TARGET: '3' },
    });
    app = await bootIncubator(env, clock);
    await s.signIn(
      'street-admin',
      'street-admin-s02',
      'district-admin',
      'community-secretary',
      'social-org-staff',
      'auditor',
      'resident',
    );
  });

  afterAll(async () => {
    await app?.close();
    await db?.drop();
  });

  it('edits the record at the version read; a stale version is 409 and changes nothing', async () => {
    const o = await organisationIn(s, '湖光长者互助组');
    const edited = (
      await http()
        .patch(`/api/v1/incubator/organisations/${o.id}`)
        .set(s.as('community-secretary'))
        .send({
          version: 1,
          name: '湖光长者互助会',
          fields: ['elderly', 'health'],
          communitiesServed: ['d01.s01.c02', 'd01.s01.c01'],
          purpose: '为高龄独居老人提供探访',
        })
        .expect(200)
    ).body;
    expect(edited).toMatchObject({
      version: 2,
      name: '湖光长者互助会',
      fields: ['elderly', 'health'],
      communitiesServed: ['d01.s01.c01', 'd01.s01.c02'],
      purpose: '为高龄独居老人提供探访',
    });
    const stale = await http()
      .patch(`/api/v1/incubator/organisations/${o.id}`)
      .set(s.as('street-admin'))
      .send({ version: 1, name: '别的名字' })
      .expect(409);
    expect(stale.headers['content-type']).toContain('application/problem+json');
    expect(stale.body.details).toMatchObject({ currentVersion: 2 });
    expect(await org(o.id)).toMatchObject({ name: '湖光长者互助会', version: 2 });
    // a status change needs the current version too
    await http()
      .post(`/api/v1/incubator/organisations/${o.id}/status`)
      .set(s.as('street-admin'))
      .send({ version: 1, status: 'registered', creditCode: '52510100MJ0000011X', document })
      .expect(409);
    // the purpose cleared, nothing else changed
    const cleared = (
      await http()
        .patch(`/api/v1/incubator/organisations/${o.id}`)
        .set(s.as('street-admin'))
        .send({ version: 2, purpose: null })
        .expect(200)
    ).body;
    expect(cleared).toMatchObject({ version: 3, purpose: null, name: '湖光长者互助会' });
    // only keepers edit: not the auditor, not another street
    await http()
      .patch(`/api/v1/incubator/organisations/${o.id}`)
      .set(s.as('auditor'))
      .send({ version: 3, name: 'x' })
      .expect(403);
    await http()
      .patch(`/api/v1/incubator/organisations/${o.id}`)
      .set(s.as('street-admin-s02'))
      .send({ version: 3, name: 'x' })
      .expect(403);
  });

  it('changes the legal status only upwards, each change in the history with who, when and its document', async () => {
    clock.set('2026-05-12T09:00:00+08:00');
    const o = await organisationIn(s, '桂园护河队', {
      legalStatus: 'informal',
      communityPath: 'd01.s01.c02',
      communitiesServed: ['d01.s01.c02'],
    });
    const filed = (
      await http()
        .post(`/api/v1/incubator/organisations/${o.id}/status`)
        .set(s.as('street-admin'))
        .send({ version: 1, status: 'filed', document, note: '街道备案' })
        .expect(200)
    ).body;
    expect(filed).toMatchObject({ legalStatus: 'filed', creditCode: null, version: 2 });

    // registered needs the credit code (422, nothing written); back down is 409 naming what is allowed
    const noCode = await http()
      .post(`/api/v1/incubator/organisations/${o.id}/status`)
      .set(s.as('street-admin'))
      .send({ version: 2, status: 'registered', document })
      .expect(422);
    expect(noCode.body.details).toMatchObject({ field: 'creditCode' });
    const down = await http()
      .post(`/api/v1/incubator/organisations/${o.id}/status`)
      .set(s.as('street-admin'))
      .send({ version: 2, status: 'filed', document })
      .expect(409);
    expect(down.body.details).toEqual({ status: 'filed', allowed: ['registered'] });

    clock.set('2026-09-01T10:00:00+08:00');
    const certificate = { title: '社会团体法人登记证书', reference: 'files/so/cert-2026.pdf', issuedOn: '2026-08-28' };
    const registered = (
      await http()
        .post(`/api/v1/incubator/organisations/${o.id}/status`)
        .set(s.as('district-admin'))
        .send({ version: 2, status: 'registered', creditCode: '52510100MJ0000012X', document: certificate })
        .expect(200)
    ).body;
    expect(registered).toMatchObject({ legalStatus: 'registered', creditCode: '52510100MJ0000012X', version: 3 });
    const top = await http()
      .post(`/api/v1/incubator/organisations/${o.id}/status`)
      .set(s.as('street-admin'))
      .send({ version: 3, status: 'registered', creditCode: '52510100MJ0000012X', document: certificate })
      .expect(409);
    expect(top.body.details).toEqual({ status: 'registered', allowed: [] });

    const history = (
      await http().get(`/api/v1/incubator/organisations/${o.id}/status-history`).set(s.as('auditor')).expect(200)
    ).body;
    expect(history).toEqual([
      expect.objectContaining({
        from: 'informal',
        to: 'filed',
        creditCode: null,
        note: '街道备案',
        by: { id: expect.any(String), name: 'street-admin' },
        at: new Date('2026-05-12T09:00:00+08:00').toISOString(),
        document: expect.objectContaining({ kind: 'filing_receipt', ...document }),
      }),
      expect.objectContaining({
        from: 'filed',
        to: 'registered',
        creditCode: '52510100MJ0000012X',
        by: { id: expect.any(String), name: 'district-admin' },
        at: new Date('2026-09-01T10:00:00+08:00').toISOString(),
        document: expect.objectContaining({ kind: 'registration_certificate', ...certificate }),
      }),
    ]);
    // the documents the changes rest on are on file
    const docs = (
      await http().get(`/api/v1/incubator/organisations/${o.id}/documents`).set(s.as('auditor')).expect(200)
    ).body;
    expect(docs.items.map((d: { kind: string }) => d.kind)).toEqual(['filing_receipt', 'registration_certificate']);
    const events = (await eventsOf(app, IncubatorEvents.organisationStatusChanged)).filter(
      (e) => e.organisationId === o.id,
    );
    expect(events.map((e) => [e.from, e.to])).toEqual([
      ['informal', 'filed'],
      ['filed', 'registered'],
    ]);
    expect(events[0]).toMatchObject({
      street: 's01',
      communityPath: 'd01.s01.c02',
      communitiesServed: ['d01.s01.c02'],
    });

    // a credit code already on the roll is 409
    const other = await organisationIn(s, '桂园舞蹈队');
    await http()
      .post(`/api/v1/incubator/organisations/${other.id}/status`)
      .set(s.as('street-admin'))
      .send({ version: 1, status: 'registered', creditCode: '52510100MJ0000012X', document: certificate })
      .expect(409);
    expect(await org(other.id)).toMatchObject({ legalStatus: 'filed', version: 1 });
    clock.set('2026-05-12T08:00:00+08:00');
  });

  it('keeps documents from the keepers and the organisation itself', async () => {
    const o = await organisationIn(s, '东湖互助会分会', { orgPath: 'd01.s01.so01' });
    const charter = { kind: 'charter', title: '章程', reference: 'files/so01/charter.pdf', issuedOn: '2025-12-01' };
    const added = (
      await http()
        .post(`/api/v1/incubator/organisations/${o.id}/documents`)
        .set(s.as('social-org-staff'))
        .send(charter)
        .expect(201)
    ).body;
    expect(added).toMatchObject({ ...charter, organisationId: o.id, addedBy: { name: 'social-org-staff' } });
    await http()
      .post(`/api/v1/incubator/organisations/${o.id}/documents`)
      .set(s.as('street-admin'))
      .send({ ...charter, kind: 'other', title: '年度工作报告' })
      .expect(201);
    await http()
      .post(`/api/v1/incubator/organisations/${o.id}/documents`)
      .set(s.as('auditor'))
      .send(charter)
      .expect(403);
    const charters = (
      await http()
        .get(`/api/v1/incubator/organisations/${o.id}/documents?kind=charter`)
        .set(s.as('auditor'))
        .expect(200)
    ).body;
    expect(charters).toMatchObject({ total: 1, items: [{ id: added.id }] });
    await http().get(`/api/v1/incubator/organisations/${o.id}/documents`).set(s.as('street-admin-s02')).expect(403);
  });

  it('records the assessment grade for five years and shows an expired one as expired', async () => {
    const o = await organisationIn(s, '东湖养老服务中心', {
      legalStatus: 'registered',
      creditCode: '52510100MJ0000013X',
    });
    const grade = (body: Record<string, unknown>, as = 'street-admin') =>
      http().post(`/api/v1/incubator/organisations/${o.id}/grades`).set(s.as(as)).send(body);
    const old = (await grade({ grade: '4A', assessedOn: '2021-05-11', reference: '民评〔2021〕5号' }).expect(201)).body;
    expect(old.grade).toEqual({ grade: '4A', assessedOn: '2021-05-11', validUntil: '2026-05-10', expired: true });
    const fresh = (await grade({ grade: '5A', assessedOn: '2026-04-20' }).expect(201)).body;
    expect(fresh.grade).toEqual({ grade: '5A', assessedOn: '2026-04-20', validUntil: '2031-04-19', expired: false });
    // an older assessment recorded later does not replace the latest
    await grade({ grade: '3A', assessedOn: '2016-03-01' }).expect(201);
    expect((await org(o.id, 'auditor')).grade).toMatchObject({ grade: '5A', expired: false });
    const grades = (await http().get(`/api/v1/incubator/organisations/${o.id}/grades`).set(s.as('auditor')).expect(200))
      .body;
    expect(grades.map((g: { grade: string; expired: boolean }) => [g.grade, g.expired])).toEqual([
      ['5A', false],
      ['4A', true],
      ['3A', true],
    ]);
    await grade({ grade: '5A', assessedOn: '2026-04-20' }).expect(409);
    await grade({ grade: '6A', assessedOn: '2026-04-20' }).expect(400);
    await grade({ grade: '5A', assessedOn: '2026-05-13' }).expect(422); // tomorrow
    await grade({ grade: '5A', assessedOn: '2026-05-01' }, 'auditor').expect(403);
    const filed = await organisationIn(s, '湖光书法小组');
    await http()
      .post(`/api/v1/incubator/organisations/${filed.id}/grades`)
      .set(s.as('street-admin'))
      .send({ grade: '3A', assessedOn: '2026-01-01' })
      .expect(422);
    const graded = (await eventsOf(app, IncubatorEvents.organisationGraded)).filter((e) => e.organisationId === o.id);
    expect(graded.map((e) => [e.grade, e.validUntil])).toEqual([
      ['4A', '2026-05-10'],
      ['5A', '2031-04-19'],
      ['3A', '2021-02-28'],
    ]);
  });

  it("masks contacts' phones, reveals them only to keepers with a reason and audits every reveal", async () => {
    const o = await organisationIn(s, '东湖邻里议事会', { orgPath: 'd01.s01.so01' });
    const add = (body: Record<string, unknown>, as = 'social-org-staff') =>
      http().post(`/api/v1/incubator/organisations/${o.id}/contacts`).set(s.as(as)).send(body);
    const c = (await add({ name: '吴晓梅', role: '负责人', phone: '13812341234' }).expect(201)).body;
    expect(c).toMatchObject({ name: '吴晓梅', role: '负责人', phoneMasked: '138****1234' });
    expect(JSON.stringify(c)).not.toContain('13812341234');
    await add({ name: '陈会计', role: '财务', phone: '028-86661234' }, 'street-admin').expect(201);
    await add({ name: '重复', role: '联络人', phone: '13812341234' }).expect(409);
    await add({ name: '外人', role: '联络人', phone: '13900000000' }, 'auditor').expect(403);

    const listed = (
      await http().get(`/api/v1/incubator/organisations/${o.id}/contacts`).set(s.as('auditor')).expect(200)
    ).body;
    expect(listed.items.map((x: { phoneMasked: string }) => x.phoneMasked)).toEqual(['138****1234', '028-******34']);
    expect(JSON.stringify(listed)).not.toMatch(/13812341234|86661234/);
    const [stored] = await incubatorDb(app).query(
      `SELECT phone_sealed, phone_index FROM "incubator".organisation_contact WHERE id = $1`,
      [c.id],
    );
    expect(JSON.stringify(stored)).not.toContain('13812341234');

    const reveal = (as: string, reason = '通知参加孵化评审') =>
      http().post(`/api/v1/incubator/contacts/${c.id}/reveal`).set(s.as(as)).send({ reason });
    expect((await reveal('community-secretary').expect(200)).body).toEqual({ contactId: c.id, phone: '13812341234' });
    await reveal('social-org-staff').expect(403);
    await reveal('auditor').expect(403);
    await reveal('street-admin-s02').expect(403);
    await reveal('street-admin', 'x').expect(400); // a reason of two characters at least
    const audit = await incubatorDb(app).query(
      `SELECT subject_kind, field, reason, actor_name, street_code FROM "incubator".pii_access WHERE subject_id = $1`,
      [c.id],
    );
    expect(audit).toEqual([
      {
        subject_kind: 'contact',
        field: 'phone',
        reason: '通知参加孵化评审',
        actor_name: 'community-secretary',
        street_code: 's01',
      },
    ]);

    const reads = (await http().get(`/api/v1/incubator/pii-access?subjectId=${c.id}`).set(s.as('auditor')).expect(200))
      .body;
    expect(reads).toMatchObject({
      total: 1,
      items: [
        { subjectKind: 'contact', subjectId: c.id, field: 'phone', actorName: 'community-secretary', street: 's01' },
      ],
    });
    expect(
      (await http().get('/api/v1/incubator/pii-access?street=s01').set(s.as('district-admin')).expect(200)).body.total,
    ).toBe(1);
    expect(
      (await http().get('/api/v1/incubator/pii-access?street=s02').set(s.as('district-admin')).expect(200)).body.total,
    ).toBe(0);
    await http().get('/api/v1/incubator/pii-access').set(s.as('community-secretary')).expect(403);
    await http().get('/api/v1/incubator/pii-access').set(s.as('street-admin')).expect(403);

    // removing a contact: its keepers or its staff
    await http().delete(`/api/v1/incubator/contacts/${c.id}`).set(s.as('auditor')).expect(403);
    await http().delete(`/api/v1/incubator/contacts/${c.id}`).set(s.as('social-org-staff')).expect(200);
    await reveal('street-admin').expect(404);
  });

  it('counts per community the organisations serving it against the target, with the shortfall', async () => {
    // the target is 3 in this file; count what the other tests left, then add two
    const coverage = async (query: string, as = 'street-admin') =>
      (await http().get(`/api/v1/incubator/coverage/communities?${query}`).set(s.as(as)).expect(200)).body;
    const before = await coverage('within=d01.s01');
    const c02Before = before.items.find((c: CommunityCoverageView) => c.communityPath === 'd01.s01.c02').organisations;
    await organisationIn(s, '桂园一队', { communityPath: 'd01.s01.c02', communitiesServed: ['d01.s01.c02'] });
    await organisationIn(s, '桂园二队', {
      legalStatus: 'informal',
      communityPath: 'd01.s01.c02',
      communitiesServed: ['d01.s01.c02'],
    });
    const street = await coverage('within=d01.s01');
    expect(street.items.map((c: CommunityCoverageView) => c.communityPath)).toEqual(['d01.s01.c01', 'd01.s01.c02']);
    const c02 = street.items[1] as CommunityCoverageView;
    expect(c02).toMatchObject({ name: '桂园社区', street: 's01', target: 3, organisations: c02Before + 2 });
    expect(c02.registered + c02.filed + c02.informal).toBe(c02.organisations);
    expect(c02.shortfall).toBe(Math.max(0, 3 - c02.organisations));

    // the district: s02's communities are listed with none, short of the whole target
    const district = await coverage('within=d01&pageSize=10', 'district-admin');
    expect(district.total).toBe(4);
    expect(district.items.find((c: CommunityCoverageView) => c.communityPath === 'd01.s02.c02')).toMatchObject({
      name: '文昌社区',
      organisations: 0,
      shortfall: 3,
    });
    const short = await coverage('within=d01&short=true', 'auditor');
    expect(short.items.every((c: CommunityCoverageView) => c.shortfall > 0)).toBe(true);
    expect(short.items.map((c: CommunityCoverageView) => c.communityPath)).toContain('d01.s02.c01');
    const paged = await coverage('within=d01&pageSize=1&page=2', 'district-admin');
    expect(paged).toMatchObject({ total: 4, page: 2, pageSize: 1, items: [{ communityPath: 'd01.s01.c02' }] });
    // the secretary sees their community; another street's admin not this street; residents nothing
    expect(
      (await coverage('', 'community-secretary')).items.map((c: CommunityCoverageView) => c.communityPath),
    ).toEqual(['d01.s01.c01']);
    await http().get('/api/v1/incubator/coverage/communities?within=d01.s01').set(s.as('street-admin-s02')).expect(403);
    await http().get('/api/v1/incubator/coverage/communities').set(s.as('resident')).expect(403);
  });

  it('refuses bad input with problem+json and writes nothing', async () => {
    const o = await organisationIn(s, '湖光议事小组', { orgPath: 'd01.s01.so01' });
    const tables = [
      'organisation_document',
      'organisation_status_change',
      'organisation_grade',
      'organisation_contact',
      'pii_access',
      'organisation_community',
    ];
    const snapshot = async () => ({
      counts: await Promise.all(tables.map(count)),
      row: (
        await incubatorDb(app).query(
          `SELECT name, legal_status, version, fields FROM "incubator".organisation WHERE id = $1`,
          [o.id],
        )
      )[0],
      outbox: await count('outbox'),
    });
    const before = await snapshot();
    const base = `/api/v1/incubator/organisations/${o.id}`;
    const problems: Array<[number, string, string, Record<string, unknown>, string?]> = [
      [400, 'patch', base, { name: 'x' }], // no version
      [400, 'patch', base, { version: 1, fields: ['cooking'] }],
      [400, 'patch', base, { version: 1, communitiesServed: [] }],
      [400, 'patch', base, { version: 1, legalStatus: 'registered' }], // not editable here
      [422, 'patch', base, { version: 1, communitiesServed: ['d01.s01.c02'] }], // not its own
      [422, 'patch', base, { version: 1, communitiesServed: ['d01.s01.c01', 'd01.s01.c09'] }], // not in the tree
      [422, 'patch', base, { version: 1, orgPath: 'd01.s01.pm01' }],
      [400, 'post', `${base}/status`, { version: 1, status: 'informal', document }],
      [400, 'post', `${base}/status`, { version: 1, status: 'registered', creditCode: '123', document }],
      [400, 'post', `${base}/status`, { version: 1, status: 'registered', creditCode: '52510100MJ0000019X' }], // no document
      [
        400,
        'post',
        `${base}/status`,
        {
          version: 1,
          status: 'registered',
          creditCode: '52510100MJ0000019X',
          document: { ...document, issuedOn: '2026-13-01' },
        },
      ],
      [
        403,
        'post',
        `${base}/status`,
        { version: 1, status: 'registered', creditCode: '52510100MJ0000019X', document },
        'social-org-staff',
      ],
      [400, 'post', `${base}/documents`, { kind: 'diploma', title: 't', reference: 'r', issuedOn: '2026-01-01' }],
      [400, 'post', `${base}/documents`, { kind: 'charter', title: '', reference: 'r', issuedOn: '2026-01-01' }],
      [400, 'post', `${base}/contacts`, { name: '张', role: '负责人', phone: '12345' }],
      [400, 'post', `${base}/contacts`, { name: '张', role: '负责人' }],
      [422, 'post', `${base}/grades`, { grade: '3A', assessedOn: '2026-01-01' }], // filed, not registered
      [400, 'post', `${base}/grades`, { grade: '3A', assessedOn: 'yesterday' }],
      [400, 'post', `/api/v1/incubator/contacts/not-a-uuid/reveal`, { reason: '核实' }],
      [404, 'post', `/api/v1/incubator/contacts/0190c8a0-0000-7000-8000-000000000000/reveal`, { reason: '核实' }],
    ];
    for (const [status, method, url, body, as] of problems) {
      const req = method === 'patch' ? http().patch(url) : http().post(url);
      const res = await req.set(s.as(as ?? 'street-admin')).send(body);
      expect({ url, body, status: res.status }).toMatchObject({ status });
      expect(res.headers['content-type']).toContain('application/problem+json');
    }
    for (const q of ['within=D01', 'short=maybe', 'pageSize=500'])
      await http().get(`/api/v1/incubator/coverage/communities?${q}`).set(s.as('street-admin')).expect(400);
    await http().get('/api/v1/incubator/pii-access?street=x1').set(s.as('auditor')).expect(400);
    expect(await snapshot()).toEqual(before);
  });
});
