import { Injectable } from '@nestjs/common';
import {
  MAX_RECORD_ENTRIES,
  personOf,
  type Actor,
  type CertificateEntryView,
  type CertificateIssueView,
  type CertificateListQuery,
  type CertificateStatementView,
  type CertificateVerificationView,
  type CertificateView,
  type IssueCertificateCommand,
  type Page,
  type VerifyCertificateRequest,
} from '@gz/contracts';
import { Clock, FieldSealer, forbidden, newId, notFound, requireActor, unprocessable } from '@gz/platform';
import { DataSource } from 'typeorm';
import { holds, keeps, listingScopes, READER_ROLES } from '../domain/access';
import { certificateCode, certificateIdOf, codeVerifies } from '../domain/certificate-code';
import { isSelf, managesTeam } from '../domain/volunteer-access';
import { hoursShown, periodProblem } from '../domain/volunteer-hours';
import { IncubatorConfig } from '../incubator.config';
import { VolunteerCertificateStore } from '../persistence/volunteer-certificate.store';
import { VolunteerHoursStore } from '../persistence/volunteer-hours.store';
import { VolunteerTeamStore } from '../persistence/volunteer-team.store';
import { personRef, recorderName, teamFacts, type HoursEntryReadRow } from '../persistence/volunteer-views';
import { VolunteersService } from './volunteers.service';

/** How much of an activity's content a certificate quotes. */
const CONTENT_QUOTED = 200;

const entryLine = (e: HoursEntryReadRow): CertificateEntryView => ({
  servedOn: e.served_on,
  activity: e.title,
  content: e.content.length > CONTENT_QUOTED ? `${e.content.slice(0, CONTENT_QUOTED - 1)}…` : e.content,
  place: e.place,
  minutes: e.minutes,
  hours: hoursShown(e.minutes),
  team: e.team_name,
  organisation: e.organisation_name,
  recordedBy: recorderName(e.recorded_by),
  inCharge: e.in_charge,
});

const unitOf = (e: CertificateEntryView) => (e.organisation ? `${e.team}（${e.organisation}）` : e.team);

/**
 * Certificates of volunteers' hours (志愿服务记录证明, MCA order No. 67): free, stating the hours,
 * what was done and who recorded it; each with a code anyone verifies at a public endpoint. The
 * code is an HMAC of the statement's exact text, so an altered statement or code does not verify.
 */
@Injectable()
export class VolunteerCertificatesService {
  private readonly key: Buffer;

  constructor(
    private readonly dataSource: DataSource,
    private readonly certificates: VolunteerCertificateStore,
    private readonly hours: VolunteerHoursStore,
    private readonly teams: VolunteerTeamStore,
    private readonly volunteers: VolunteersService,
    private readonly clock: Clock,
    config: IncubatorConfig,
    sealer: FieldSealer,
  ) {
    // Its own setting, else derived from the PII key (so a deployment needs no new secret).
    this.key = config.VOLUNTEER_CERTIFICATE_KEY
      ? Buffer.from(config.VOLUNTEER_CERTIFICATE_KEY, 'base64')
      : Buffer.from(sealer.index('gongzhi volunteer certificate key'), 'hex');
  }

  /**
   * Issues a certificate of the volunteer's hours over a period: asked by the volunteer or their
   * community's keepers (all teams' records), or by a team's organisers (what their team recorded).
   */
  async issue(cmd: IssueCertificateCommand, actor: Actor | undefined): Promise<CertificateView> {
    const a = requireActor(actor);
    const v = await this.volunteers.readable(cmd.id, a);
    const team = cmd.teamId ? await this.teams.get(this.dataSource, cmd.teamId) : undefined;
    if (cmd.teamId && !team) throw unprocessable('teamId: no such volunteer team', { field: 'teamId' });
    const allowed =
      isSelf(a, v.user_id) || keeps(a, v.community_path) || (team !== undefined && managesTeam(a, teamFacts(team)));
    if (!allowed)
      throw forbidden(
        "A certificate is issued to the volunteer, their community's keepers, or the recording team's organisers (name the team)",
      );
    const problem = periodProblem(cmd.from, cmd.to);
    if (problem) throw unprocessable(problem, { field: 'from' });
    const period = { from: cmd.from, to: cmd.to };
    const rows = await this.hours.recordOf(this.dataSource, v.id, period, team?.id, MAX_RECORD_ENTRIES + 1);
    if (rows.length === 0)
      throw unprocessable('No hours are recorded for this volunteer in that period', { field: 'from' });
    if (rows.length > MAX_RECORD_ENTRIES)
      throw unprocessable(`More than ${MAX_RECORD_ENTRIES} entries: certify a shorter period`, { field: 'from' });
    const id = newId();
    const now = this.clock.now();
    const entries = rows.map(entryLine);
    const minutes = entries.reduce((sum, e) => sum + e.minutes, 0);
    // Built key by key in this order: the stored text is exactly what the code signs.
    const statement: CertificateStatementView = {
      certificateId: id,
      title: '志愿服务记录证明',
      volunteerNameMasked: v.name_masked,
      from: cmd.from ?? null,
      to: cmd.to ?? null,
      minutes,
      hours: hoursShown(minutes),
      activities: new Set(rows.map((r) => r.activity_id)).size,
      entries,
      recordingUnits: [...new Set(entries.map(unitOf))],
      issuedBy: recorderName(personOf(a)),
      issuedAt: now.toISOString(),
      remark: '本证明免费出具，可凭验证码核验',
    };
    const text = JSON.stringify(statement);
    await this.certificates.insert(this.dataSource, {
      id,
      volunteer_id: v.id,
      team_id: team?.id ?? null,
      street_code: v.street_code,
      community_path: v.community_path,
      from_day: cmd.from ?? null,
      to_day: cmd.to ?? null,
      minutes: String(minutes),
      statement: text,
      issued_by: personOf(a),
      issued_at: now,
    });
    return { ...statement, code: certificateCode(this.key, id, text), volunteerId: v.id, teamId: team?.id ?? null };
  }

  /** Anyone, no sign-in: what the certificate of this code states; 404 for a forged or altered one. */
  async verify(req: VerifyCertificateRequest): Promise<CertificateVerificationView> {
    const unknown = () => notFound('Certificate (the code does not verify)');
    const id = certificateIdOf(req.code);
    if (!id) throw unknown();
    const c = await this.certificates.get(id);
    if (!c || !codeVerifies(this.key, req.code, id, c.statement)) throw unknown();
    return { verified: true, statement: JSON.parse(c.statement) as CertificateStatementView };
  }

  /** The certificates issued, who issued them and when: the keepers and auditors within their scopes. */
  async list(query: CertificateListQuery, actor: Actor | undefined): Promise<Page<CertificateIssueView>> {
    const a = requireActor(actor);
    if (!holds(a, READER_ROLES)) throw forbidden("The certificates' issuing is read by keepers and auditors");
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? 20;
    const { rows, total } = await this.certificates.list(
      { scopes: listingScopes(a), volunteerId: query.volunteerId },
      page,
      pageSize,
    );
    const items = rows.map((c) => ({
      id: c.id,
      volunteerId: c.volunteer_id,
      teamId: c.team_id,
      minutes: Number(c.minutes),
      from: c.from_day,
      to: c.to_day,
      issuedBy: personRef(c.issued_by),
      issuedAt: c.issued_at.toISOString(),
    }));
    return { items, total, page, pageSize };
  }
}
