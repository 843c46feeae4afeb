import { countedArea, parseSquareMetres } from './area';

describe('the area the count uses', () => {
  it('takes the registered area first, with its source', () => {
    expect(countedArea({ registeredArea: 8975, surveyedArea: 9000, contractArea: 9100 })).toEqual({
      area: 8975,
      source: 'registered',
    });
  });

  it('takes the surveyed area when none is registered', () => {
    expect(countedArea({ registeredArea: null, surveyedArea: 9000, contractArea: 9100 })).toEqual({
      area: 9000,
      source: 'surveyed',
    });
  });

  it("takes the contract's area when neither is known", () => {
    expect(countedArea({ contractArea: 9100 })).toEqual({ area: 9100, source: 'contract' });
  });

  it('answers null when no area is known', () => {
    expect(countedArea({})).toBeNull();
    expect(countedArea({ registeredArea: null, surveyedArea: undefined, contractArea: null })).toBeNull();
  });

  it('refuses an area that is no positive whole number of hundredths', () => {
    expect(() => countedArea({ registeredArea: 0 })).toThrow(RangeError);
    expect(() => countedArea({ surveyedArea: 12.5 })).toThrow(RangeError);
  });
});

describe('square metres from a sheet', () => {
  it('reads m² as hundredths', () => {
    expect(parseSquareMetres('89.75')).toBe(8975);
    expect(parseSquareMetres('89.7')).toBe(8970);
    expect(parseSquareMetres('90')).toBe(9000);
    expect(parseSquareMetres(' 1,089.75 ㎡')).toBe(108975);
    expect(parseSquareMetres('120平方米')).toBe(12000);
  });

  it('answers null for a blank cell and undefined for what is no area', () => {
    expect(parseSquareMetres('  ')).toBeNull();
    expect(parseSquareMetres('89.755')).toBeUndefined();
    expect(parseSquareMetres('-3')).toBeUndefined();
    expect(parseSquareMetres('0')).toBeUndefined();
    expect(parseSquareMetres('abc')).toBeUndefined();
  });
});
