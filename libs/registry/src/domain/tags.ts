import { CARE_TAGS, type CareTag } from '@gz/contracts';

/** Chinese names of the seven built-in special-care tags. */
export const CARE_TAG_NAMES: Record<CareTag, string> = {
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

/** The tags that are not built in: those the district must have defined. */
export function customTags(tags: readonly string[]): string[] {
  return tags.filter((t) => !isBuiltInTag(t));
}
