import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsUUID, Matches } from 'class-validator';
import { PageQuery } from '../common';
import { Nullable } from '../decorators';
import { IsCalendarDate } from '../registry/decorators';
import { PersonRef } from '../ticketing/tickets';
import { HoursPeriodQuery } from './volunteer-hours';
import { VolunteerView } from './volunteers';

/** A certificate's verification code: the certificate's id and its HMAC, base64url (35 characters). */
export const CERTIFICATE_CODE = /^[A-Za-z0-9_-]{35}$/;

/** At most this many entries go into one certificate or one exported record (narrow the period beyond). */
export const MAX_RECORD_ENTRIES = 1000;

export class IssueCertificateRequest {
  @ApiPropertyOptional({ example: '2026-01-01', description: 'first day covered (Asia/Shanghai), inclusive' })
  @IsOptional()
  @IsCalendarDate()
  from?: string;

  @ApiPropertyOptional({ example: '2026-06-30', description: 'last day covered (Asia/Shanghai), inclusive' })
  @IsOptional()
  @IsCalendarDate()
  to?: string;

  @ApiPropertyOptional({
    format: 'uuid',
    description: "only the hours this team recorded (a team's organisers certify what their team recorded)",
  })
  @IsOptional()
  @IsUUID()
  teamId?: string;
}

export class IssueCertificateCommand extends IssueCertificateRequest {
  @IsUUID()
  id!: string;
}

/** One line of a certificate: what was done, when, where, how long, recorded by whom. */
export class CertificateEntryView {
  @ApiProperty({ example: '2026-05-16' }) servedOn!: string;
  @ApiProperty() activity!: string;
  @ApiProperty() content!: string;
  @ApiProperty() place!: string;
  @ApiProperty() minutes!: number;
  @ApiProperty({ example: '2.5' }) hours!: string;
  @ApiProperty({ description: 'the recording team' }) team!: string;
  @Nullable(String, { description: 'the organisation the team belongs to' }) organisation!: string | null;
  @ApiProperty({ description: 'who recorded the hours' }) recordedBy!: string;
  @ApiProperty({ description: 'who was in charge on the day (负责人)' }) inCharge!: string;
}

/** What a certificate (志愿服务记录证明) states; the volunteer's name masked. */
export class CertificateStatementView {
  @ApiProperty() certificateId!: string;
  @ApiProperty({ example: '志愿服务记录证明' }) title!: string;
  @ApiProperty({ example: '李*' }) volunteerNameMasked!: string;
  @Nullable(String) from!: string | null;
  @Nullable(String) to!: string | null;
  @ApiProperty({ description: 'exact, whole minutes' }) minutes!: number;
  @ApiProperty({ example: '12.5' }) hours!: string;
  @ApiProperty() activities!: number;
  @ApiProperty({ type: [CertificateEntryView] }) entries!: CertificateEntryView[];
  @ApiProperty({ type: [String], description: 'the recording units: teams (and their organisations)' })
  recordingUnits!: string[];
  @ApiProperty({ description: 'who issued it' }) issuedBy!: string;
  @ApiProperty() issuedAt!: string;
  @ApiProperty({ example: '本证明免费出具' }) remark!: string;
}

export class CertificateView extends CertificateStatementView {
  @ApiProperty({
    description: 'the verification code anyone checks at GET /api/v1/incubator/volunteers/certificates/verify/{code}',
  })
  code!: string;
  @ApiProperty() volunteerId!: string;
  @Nullable(String) teamId!: string | null;
}

export class VerifyCertificateRequest {
  @ApiProperty({ description: 'the code printed on the certificate' })
  @Matches(CERTIFICATE_CODE, { message: 'code must be a certificate verification code' })
  code!: string;
}

export class CertificateVerificationView {
  @ApiProperty({ example: true }) verified!: true;
  @ApiProperty({ type: CertificateStatementView }) statement!: CertificateStatementView;
}

export class CertificateListQuery extends PageQuery {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  volunteerId?: string;
}

/** One issued certificate, as the audit of issuing lists it. */
export class CertificateIssueView {
  @ApiProperty() id!: string;
  @ApiProperty() volunteerId!: string;
  @Nullable(String) teamId!: string | null;
  @ApiProperty() minutes!: number;
  @Nullable(String) from!: string | null;
  @Nullable(String) to!: string | null;
  @ApiProperty({ type: PersonRef }) issuedBy!: PersonRef;
  @ApiProperty() issuedAt!: string;
}

export const RECORD_FORMATS = ['csv', 'xlsx'] as const;
export type RecordFormat = (typeof RECORD_FORMATS)[number];

export class VolunteerRecordRequest extends HoursPeriodQuery {
  @ApiPropertyOptional({ enum: RECORD_FORMATS, default: 'xlsx' })
  @IsOptional()
  @IsIn(RECORD_FORMATS)
  format?: RecordFormat;
}

export class VolunteerRecordQuery extends HoursPeriodQuery {
  @IsUUID()
  id!: string;
}

/** One row of a volunteer's exported record. */
export class VolunteerRecordRow {
  @ApiProperty() servedOn!: string;
  @ApiProperty() activity!: string;
  @ApiProperty() content!: string;
  @ApiProperty() place!: string;
  @ApiProperty() communityPath!: string;
  @ApiProperty() minutes!: number;
  @ApiProperty() hours!: string;
  @ApiProperty() team!: string;
  @Nullable(String) organisation!: string | null;
  @ApiProperty() recordedBy!: string;
  @ApiProperty() recordedAt!: string;
  @ApiProperty() inCharge!: string;
  @ApiProperty() late!: boolean;
  @ApiProperty() corrected!: boolean;
}

export class VolunteerRecordView {
  @ApiProperty({ type: VolunteerView }) volunteer!: VolunteerView;
  @Nullable(String) from!: string | null;
  @Nullable(String) to!: string | null;
  @ApiProperty() minutes!: number;
  @ApiProperty() hours!: string;
  @ApiProperty({ type: [VolunteerRecordRow] }) rows!: VolunteerRecordRow[];
}

/** The exported record's columns, in order, with their Chinese headings. */
export const VOLUNTEER_RECORD_COLUMNS: ReadonlyArray<{ key: keyof VolunteerRecordRow; heading: string }> = [
  { key: 'servedOn', heading: '服务日期' },
  { key: 'activity', heading: '活动名称' },
  { key: 'content', heading: '服务内容' },
  { key: 'place', heading: '服务地点' },
  { key: 'communityPath', heading: '所在社区' },
  { key: 'minutes', heading: '服务时长(分钟)' },
  { key: 'hours', heading: '服务时长(小时)' },
  { key: 'team', heading: '记录团队' },
  { key: 'organisation', heading: '所属组织' },
  { key: 'inCharge', heading: '负责人' },
  { key: 'recordedBy', heading: '记录人' },
  { key: 'recordedAt', heading: '记录时间' },
  { key: 'late', heading: '逾期补录' },
  { key: 'corrected', heading: '经更正' },
];
