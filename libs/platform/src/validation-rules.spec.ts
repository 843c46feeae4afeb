import { getMetadataStorage, IsInt, IsString, MinLength, validate } from 'class-validator';
import { rememberValidationRules } from './validation-rules';

class Place {
  @IsString()
  gridPath!: string;
}

class Report extends Place {
  @MinLength(2)
  description!: string;
}

const storage = getMetadataStorage();
const rulesOf = (target: new () => object) =>
  storage.getTargetValidationMetadatas(target, '', false, false).map((m) => `${m.propertyName}:${m.name ?? m.type}`);

describe('rememberValidationRules', () => {
  it('answers what class-validator answers, parents included, asking it once per class and options', () => {
    const before = rulesOf(Report);
    expect(before.sort()).toEqual(['description:minLength', 'gridPath:isString']);
    const walk = jest.spyOn(storage, 'getTargetValidationMetadatas');
    rememberValidationRules();
    rememberValidationRules(); // a second call changes nothing
    const first = storage.getTargetValidationMetadatas(Report, '', false, false);
    expect(rulesOf(Report).sort()).toEqual(before);
    expect(storage.getTargetValidationMetadatas(Report, '', false, false)).toBe(first);
    expect(walk).toHaveBeenCalledTimes(1);
    // other options are another question
    expect(storage.getTargetValidationMetadatas(Report, '', false, false, ['admin'])).not.toBe(first);
    expect(walk).toHaveBeenCalledTimes(2);
  });

  it('forgets its answers when a rule is registered later', () => {
    rememberValidationRules();
    expect(rulesOf(Report)).not.toContain('address:minLength');
    MinLength(5)(Report.prototype, 'address');
    expect(rulesOf(Report)).toContain('address:minLength');
  });

  it('leaves validation as it was', async () => {
    rememberValidationRules();
    class Later extends Report {
      @IsInt()
      floor!: number;
    }
    const errors = async (o: object) => (await validate(o)).map((e) => e.property).sort();
    const later = (o: object) => Object.assign(new Later(), { address: '某某街道某某社区', ...o });
    expect(await errors(later({ gridPath: 1, description: 'x', floor: 'a' }))).toEqual(['description', 'floor', 'gridPath']);
    expect(await errors(later({ gridPath: 'd01', description: '垃圾满溢', floor: 3 }))).toEqual([]);
    expect(await errors(Object.assign(new Report(), { gridPath: 'd01', description: 'x', address: '某某街道某社区' }))).toEqual([
      'description',
    ]);
  });
});
