import { RENTAL_ASPECTS } from '@gz/contracts';
import {
  GREEN_MIN_ASPECT,
  GREEN_MIN_TOTAL,
  gradeRental,
  RED_BELOW_TOTAL,
  RED_MAX_ASPECT,
  type RentalScoreSet,
} from './rental-grade';

const all = (v: number): RentalScoreSet => Object.fromEntries(RENTAL_ASPECTS.map((a) => [a, v])) as RentalScoreSet;

describe('rental colour from the seven-aspect score', () => {
  it('is green for a full score and at the green threshold', () => {
    expect(gradeRental(all(10))).toEqual({ total: 70, colour: 'green', failing: [] });
    // 60 exactly, no aspect below 6: 9+9+9+9+8+8+8
    const s = { ...all(9), neighbourRelations: 8, publicProperty: 8, familyPlanning: 8 };
    expect(gradeRental(s)).toMatchObject({ total: GREEN_MIN_TOTAL, colour: 'green' });
  });

  it('is yellow just below green, or when one aspect is under the green minimum', () => {
    const s = { ...all(9), neighbourRelations: 8, publicProperty: 8, familyPlanning: 7 };
    expect(gradeRental(s)).toMatchObject({ total: GREEN_MIN_TOTAL - 1, colour: 'yellow' });
    const weak = { ...all(10), hygiene: GREEN_MIN_ASPECT - 1 };
    expect(gradeRental(weak)).toMatchObject({ total: 65, colour: 'yellow' });
    expect(gradeRental(all(6))).toMatchObject({ total: RED_BELOW_TOTAL, colour: 'yellow' });
  });

  it('is red below the total threshold or with any aspect at the red maximum', () => {
    expect(gradeRental({ ...all(6), hygiene: 5 })).toMatchObject({
      total: RED_BELOW_TOTAL - 1,
      colour: 'red',
      failing: [],
    });
    expect(gradeRental({ ...all(10), fireSafety: RED_MAX_ASPECT })).toEqual({
      total: 63,
      colour: 'red',
      failing: ['fireSafety'],
    });
    expect(gradeRental(all(0))).toMatchObject({ total: 0, colour: 'red' });
  });

  it('refuses scores outside 0-10', () => {
    expect(() => gradeRental({ ...all(5), security: 11 })).toThrow(RangeError);
    expect(() => gradeRental({ ...all(5), security: 2.5 })).toThrow(RangeError);
  });
});
