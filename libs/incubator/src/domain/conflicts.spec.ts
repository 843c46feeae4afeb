import { declarationProblem, yearsAfter } from './conflicts';

describe('conflicts of interest', () => {
  it('takes an interest as a conflict, always', () => {
    expect(declarationProblem('interest', undefined, '2026-05-12')).toBeNull();
    expect(declarationProblem('interest', '2025-01-01', '2026-05-12')).toMatch(/only for a former post/);
  });

  it('takes a post left less than two years ago as a conflict', () => {
    expect(declarationProblem('former_post', '2024-05-13', '2026-05-12')).toBeNull();
    expect(declarationProblem('former_post', '2024-05-12', '2026-05-12')).toMatch(/2 or more years/);
    expect(declarationProblem('former_post', undefined, '2026-05-12')).toMatch(/leftOn/);
    expect(declarationProblem('former_post', '2026-05-13', '2026-05-12')).toMatch(/future/);
  });

  it('counts years by the calendar', () => {
    expect(yearsAfter('2024-02-29', 2)).toBe('2026-03-01');
    expect(yearsAfter('2024-12-31', 2)).toBe('2026-12-31');
  });
});
