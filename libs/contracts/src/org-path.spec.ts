import {
  codeOfPath,
  communityOfPath,
  districtOfPath,
  parentOfPath,
  pathAtDepth,
  pathDepth,
  pathWithin,
  streetOfPath,
} from './org-path';

describe('org paths', () => {
  it('knows the district, street and community of a path', () => {
    expect(districtOfPath('d01.s01.c02.g03')).toBe('d01');
    expect(streetOfPath('d01.s01.c02.g03')).toBe('s01');
    expect(streetOfPath('d01')).toBe('all');
    expect(streetOfPath('d01.dep-sanitation')).toBe('all');
    expect(communityOfPath('d01.s01.c02.g03')).toBe('d01.s01.c02');
    expect(communityOfPath('d01.s01')).toBeUndefined();
  });

  it('cuts, measures and splits a path', () => {
    expect(pathAtDepth('d01.s01.c02.g03', 2)).toBe('d01.s01');
    expect(pathAtDepth('d01', 2)).toBeUndefined();
    expect(pathDepth('d01.s01.c02')).toBe(3);
    expect(parentOfPath('d01.s01.c03')).toBe('d01.s01');
    expect(parentOfPath('d01')).toBeUndefined();
    expect(codeOfPath('d01.s01.c03')).toBe('c03');
    expect(codeOfPath('d01')).toBe('d01');
  });

  it('holds a path within a scope only at or below it, never a sibling sharing its prefix', () => {
    expect(pathWithin('d01.s01.c02', 'd01.s01')).toBe(true);
    expect(pathWithin('d01.s01', 'd01.s01')).toBe(true);
    expect(pathWithin('d01.s010.c02', 'd01.s01')).toBe(false);
    expect(pathWithin('d01', 'd01.s01')).toBe(false);
  });
});
