import { Injectable } from '@nestjs/common';
import { CARE_TAGS, type Actor, type DefineTagRequest, type TagDefinitionView, type TagListQuery } from '@gz/contracts';
import { conflict, forbidden, invalid } from '@gz/platform';
import { DataSource, type EntityManager } from 'typeorm';
import { checkWritePath, requireReader, requireRoles } from './actors';
import { districtCode } from './domain/life-events';
import { isUniqueViolation } from './sql';

/** Chinese names of the seven built-in special-care tags. */
export const CARE_TAG_NAMES: Record<(typeof CARE_TAGS)[number], string> = {
  elderly_alone: '独居老人',
  disabled: '残疾人',
  low_income: '低保户',
  left_behind_child: '留守儿童',
  veteran: '退役军人',
  old_party_member: '老党员',
  under_assistance: '帮扶对象',
};

export function isBuiltInTag(tag: string): boolean {
  return (CARE_TAGS as readonly string[]).includes(tag);
}

/** Tags a district defines beside the built-in ones; persons may carry built-in and defined tags. */
@Injectable()
export class DistrictTagsService {
  constructor(private readonly dataSource: DataSource) {}

  async list(query: TagListQuery, actor: Actor | undefined): Promise<TagDefinitionView[]> {
    const a = requireReader(actor);
    const district = query.district ?? districtCode(a.scopes[0] ?? '');
    if (!a.scopes.some((s) => districtCode(s) === district))
      throw forbidden(`Outside your scope: ${district}`, { path: district });
    const rows: Array<{ code: string; name: string }> = await this.dataSource.query(
      `SELECT code, name FROM "registry".district_tag WHERE district = $1 ORDER BY code`,
      [district],
    );
    return [
      ...CARE_TAGS.map((code) => ({ code, name: CARE_TAG_NAMES[code], builtIn: true })),
      ...rows.map((r) => ({ ...r, builtIn: false })),
    ];
  }

  /** Defines a tag of the district (district admins); a built-in or already defined code is 409. */
  async define(req: DefineTagRequest, actor: Actor | undefined): Promise<TagDefinitionView> {
    const a = requireRoles(actor, ['district_admin']);
    const district = req.district ?? districtCode(a.scopes[0] ?? '');
    checkWritePath(a, district);
    if (isBuiltInTag(req.code)) throw conflict(`${req.code} is a built-in tag`, { field: 'code' });
    try {
      await this.dataSource.query(
        `INSERT INTO "registry".district_tag (district, code, name, created_by) VALUES ($1, $2, $3, $4)`,
        [district, req.code, req.name.trim(), a.id],
      );
    } catch (error) {
      if (isUniqueViolation(error)) throw conflict(`The tag ${req.code} is already defined`, { field: 'code' });
      throw error;
    }
    return { code: req.code, name: req.name.trim(), builtIn: false };
  }
}

/**
 * 400 `invalid` naming the field (as for any value outside a list) unless every tag is built in or
 * defined by the district of `path`.
 */
export async function requireKnownTags(
  m: Pick<EntityManager, 'query'>,
  path: string,
  tags: readonly string[],
  field = 'tags',
): Promise<void> {
  const custom = tags.filter((t) => !isBuiltInTag(t));
  if (custom.length === 0) return;
  const district = districtCode(path);
  const rows: Array<{ code: string }> = await m.query(
    `SELECT code FROM "registry".district_tag WHERE district = $1 AND code = ANY ($2)`,
    [district, custom],
  );
  const unknown = custom.filter((t) => !rows.some((r) => r.code === t));
  if (unknown.length > 0) {
    throw invalid('The request is not valid', {
      fields: { [field]: [`unknown tag ${unknown.join(', ')}: neither built in nor defined by ${district}`] },
    });
  }
}
