import { DomainError } from '@gz/platform';
import { categoryServes, opensOnReport, placeOfReport } from './report';

const refusal = (f: () => unknown) => {
  try {
    f();
  } catch (e) {
    return { code: (e as DomainError).code, field: (e as DomainError).details?.field };
  }
  return undefined;
};

describe('a new report', () => {
  it('is in a street and district of its grid path', () => {
    expect(placeOfReport({ gridPath: 'd01.s01.c01.g01' })).toEqual({ street: 's01', district: 'd01' });
    expect(placeOfReport({ gridPath: 'd01.s01.c01', lat: 30.5, lng: 104.1 })).toEqual({
      street: 's01',
      district: 'd01',
    });
  });

  it('refuses a place above a community, or outside a street', () => {
    expect(refusal(() => placeOfReport({ gridPath: 'd01.s01' }))).toEqual({
      code: 'unprocessable',
      field: 'location.gridPath',
    });
    expect(refusal(() => placeOfReport({ gridPath: 'd01.dep-sanitation.x' }))).toMatchObject({
      field: 'location.gridPath',
    });
  });

  it('refuses half a point', () => {
    expect(refusal(() => placeOfReport({ gridPath: 'd01.s01.c01.g01', lat: 30.5 }))).toEqual({
      code: 'unprocessable',
      field: 'location',
    });
  });

  it('takes a national category, or one of its own district', () => {
    expect(categoryServes({ district: null }, 'd01')).toBe(true);
    expect(categoryServes({ district: 'd01' }, 'd01')).toBe(true);
    expect(categoryServes({ district: 'd02' }, 'd01')).toBe(false);
  });

  it('opens at once when verified, unless it may repeat an open ticket', () => {
    expect(opensOnReport(true, 0)).toBe(true);
    expect(opensOnReport(true, 1)).toBe(false);
    expect(opensOnReport(false, 0)).toBe(false);
    expect(opensOnReport(undefined, 0)).toBe(false);
  });
});
