import { CARE_TAGS } from '@gz/contracts';
import { CARE_TAG_NAMES, customTags, isBuiltInTag } from './tags';

describe('tags', () => {
  it('names every built-in tag and tells them from district-defined ones', () => {
    expect(Object.keys(CARE_TAG_NAMES).sort()).toEqual([...CARE_TAGS].sort());
    expect(isBuiltInTag('elderly_alone')).toBe(true);
    expect(isBuiltInTag('dialysis_patient')).toBe(false);
    expect(customTags(['veteran', 'dialysis_patient', 'disabled'])).toEqual(['dialysis_patient']);
  });
});
