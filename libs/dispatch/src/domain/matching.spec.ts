import { categorySpecificity, propose, type Rule } from './matching';

const dep = (code: string, name: string) => ({ path: `d01.dep-${code}`, name });
const sanitation = dep('sanitation', '区环卫局');
const urban = dep('urban', '区城管局');
const housing = dep('housing', '区住建局');

const rules: Rule[] = [
  { id: 'r1', category: '*', orgPath: 'd01.s01', lead: urban, co: [] },
  { id: 'r2', category: 'C03*', orgPath: 'd01.s01', lead: sanitation, co: [] },
  { id: 'r3', category: 'E03*', orgPath: 'd01.s01', lead: housing, co: [urban] },
  { id: 'r4', category: 'C0302', orgPath: 'd01.s01.c02', lead: housing, co: [] },
  { id: 'r5', category: 'E*', orgPath: 'd01.s01', lead: urban, co: [] },
];

describe('proposal matching', () => {
  it('scores category patterns', () => {
    expect(categorySpecificity('C0302', 'C0302')).toBe(4);
    expect(categorySpecificity('C0302', 'C0302-01')).toBe(3);
    expect(categorySpecificity('C03*', 'C0302')).toBe(2);
    expect(categorySpecificity('C*', 'C0302')).toBe(1);
    expect(categorySpecificity('*', 'E0101')).toBe(0);
    expect(categorySpecificity('E03*', 'C0302')).toBe(-1);
  });

  it('proposes the department of the most specific rule', () => {
    expect(propose(rules, { categoryCode: 'C0302', gridPath: 'd01.s01.c01.g01' }, 3)).toMatchObject({
      lead: sanitation,
      co: [],
      listVersion: 3,
    });
    // a narrower subtree names another department for the same category
    expect(propose(rules, { categoryCode: 'C0302', gridPath: 'd01.s01.c02.g03' }, 3)?.lead).toEqual(housing);
    expect(propose(rules, { categoryCode: 'C0101', gridPath: 'd01.s01.c01.g01' }, 3)?.lead).toEqual(urban);
    expect(propose(rules, { categoryCode: 'E0102', gridPath: 'd01.s01.c01.g01' }, 3)?.lead).toEqual(urban);
  });

  it('proposes a joint dispatch with a lead and co-departments', () => {
    expect(propose(rules, { categoryCode: 'E0301', gridPath: 'd01.s01.c01.g02' }, 1)).toMatchObject({
      lead: housing,
      co: [urban],
    });
  });

  it('leaves out a department that handed the ticket back, promoting a co-department', () => {
    expect(propose(rules, { categoryCode: 'E0301', gridPath: 'd01.s01.c01.g02' }, 1, [housing.path])).toMatchObject({
      lead: urban,
      co: [],
    });
    expect(propose(rules, { categoryCode: 'C0302', gridPath: 'd01.s01.c01.g01' }, 1, [sanitation.path])?.lead).toEqual(
      urban,
    );
  });

  it('proposes nothing outside every rule', () => {
    expect(propose(rules, { categoryCode: 'C0302', gridPath: 'd01.s02.c01.g01' }, 1)).toBeNull();
    expect(propose([], { categoryCode: 'C0302', gridPath: 'd01.s01.c01.g01' }, null)).toBeNull();
  });
});
