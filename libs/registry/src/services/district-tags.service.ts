import { Injectable } from '@nestjs/common';
import {
  CARE_TAGS,
  districtOfPath,
  type Actor,
  type DefineTagRequest,
  type TagDefinitionView,
  type TagListQuery,
} from '@gz/contracts';
import { conflict, invalid, isUniqueViolation } from '@gz/platform';
import type { EntityManager } from 'typeorm';
import { checkWritePath, requireDistrict, requireReader, requireRoles } from '../domain/actors';
import { CARE_TAG_NAMES, customTags, isBuiltInTag } from '../domain/tags';
import { DistrictTagStore } from '../persistence/district-tag.store';

/** Tags a district defines beside the built-in ones; persons may carry built-in and defined tags. */
@Injectable()
export class DistrictTagsService {
  constructor(private readonly tags: DistrictTagStore) {}

  async list(query: TagListQuery, actor: Actor | undefined): Promise<TagDefinitionView[]> {
    const a = requireReader(actor);
    const district = requireDistrict(a, query.district);
    const defined = await this.tags.ofDistrict(district);
    return [
      ...CARE_TAGS.map((code) => ({ code, name: CARE_TAG_NAMES[code], builtIn: true })),
      ...defined.map((r) => ({ ...r, builtIn: false })),
    ];
  }

  /** Defines a tag of the district (district admins); a built-in or already defined code is 409. */
  async define(req: DefineTagRequest, actor: Actor | undefined): Promise<TagDefinitionView> {
    const a = requireRoles(actor, ['district_admin']);
    const district = req.district ?? districtOfPath(a.scopes[0] ?? '');
    checkWritePath(a, district);
    if (isBuiltInTag(req.code)) throw conflict(`${req.code} is a built-in tag`, { field: 'code' });
    try {
      await this.tags.insert(district, req.code, req.name.trim(), a.id);
    } catch (error) {
      if (isUniqueViolation(error)) throw conflict(`The tag ${req.code} is already defined`, { field: 'code' });
      throw error;
    }
    return { code: req.code, name: req.name.trim(), builtIn: false };
  }

  /**
   * 400 `invalid` naming the field (as for any value outside a list) unless every tag is built in
   * or defined by the district of `path`.
   */
  async requireKnown(
    path: string,
    tags: readonly string[],
    field = 'tags',
    m?: Pick<EntityManager, 'query'>,
  ): Promise<void> {
    const custom = customTags(tags);
    if (custom.length === 0) return;
    const district = districtOfPath(path);
    const defined = await this.tags.defined(district, custom, m);
    const unknown = custom.filter((t) => !defined.includes(t));
    if (unknown.length > 0) {
      throw invalid('The request is not valid', {
        fields: { [field]: [`unknown tag ${unknown.join(', ')}: neither built in nor defined by ${district}`] },
      });
    }
  }
}
