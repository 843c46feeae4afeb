import { boundingBox, distanceM, duplicateDistance } from './duplicates';

describe('duplicates', () => {
  const at = new Date('2026-05-12T07:05:00Z');
  const rule = { radiusM: 100, windowMs: 72 * 3600_000 };
  const base = { categoryCode: 'C0302', gridPath: 'd01.s01.c01.g01', lat: 30.5728, lng: 104.0668, at };

  it('measures distances on the ground', () => {
    // 0.001° of latitude is about 111 m
    expect(distanceM({ lat: 30, lng: 104 }, { lat: 30.001, lng: 104 })).toBeCloseTo(111.2, 0);
    const box = boundingBox({ lat: 30, lng: 104 }, 1000);
    expect(box.maxLat - box.minLat).toBeCloseTo(0.018, 3);
  });

  it('offers the same category nearby within the window', () => {
    expect(duplicateDistance(base, { ...base, lat: 30.5732 }, rule)).toBe(44);
    expect(duplicateDistance(base, { ...base, lat: 30.575 }, rule)).toBeUndefined();
    expect(duplicateDistance(base, { ...base, categoryCode: 'E0102' }, rule)).toBeUndefined();
    expect(duplicateDistance(base, { ...base, at: new Date(at.getTime() - 73 * 3600_000) }, rule)).toBeUndefined();
  });

  it('falls back to the same building of the same grid without points', () => {
    const a = { ...base, lat: null, lng: null, building: '3号楼' };
    expect(duplicateDistance(a, { ...a }, rule)).toBe(0);
    expect(duplicateDistance(a, { ...a, building: '4号楼' }, rule)).toBeUndefined();
  });
});
