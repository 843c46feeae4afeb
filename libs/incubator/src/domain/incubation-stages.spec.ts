import { INCUBATION_STAGES } from '@gz/contracts';
import { allowedNextStages, isFinished, mayMove, stageMoveProblem, type StageMove } from './incubation-stages';

const move = (m: Partial<StageMove>): StageMove => ({
  from: 'incubating',
  to: 'assessed',
  legalStatus: 'filed',
  submittedAssessments: 1,
  ...m,
});

describe('incubation stages', () => {
  it('goes forward one stage at a time, or leaves', () => {
    expect(allowedNextStages('applied')).toEqual(['admitted', 'left']);
    expect(allowedNextStages('admitted')).toEqual(['incubating', 'left']);
    expect(allowedNextStages('incubating')).toEqual(['assessed', 'left']);
    expect(allowedNextStages('assessed')).toEqual(['graduated', 'left']);
  });

  it('never skips a stage and never goes back', () => {
    expect(mayMove('applied', 'incubating')).toBe(false);
    expect(mayMove('admitted', 'graduated')).toBe(false);
    expect(mayMove('assessed', 'incubating')).toBe(false);
    expect(mayMove('incubating', 'applied')).toBe(false);
    expect(mayMove('applied', 'applied')).toBe(false);
  });

  it('ends at graduated or left', () => {
    for (const to of INCUBATION_STAGES) {
      expect(mayMove('graduated', to)).toBe(false);
      expect(mayMove('left', to)).toBe(false);
    }
    expect(isFinished('graduated') && isFinished('left')).toBe(true);
    expect(INCUBATION_STAGES.filter(isFinished)).toEqual(['graduated', 'left']);
  });

  it('lets an informal group graduate only once it is filed or registered', () => {
    const graduate = move({ from: 'assessed', to: 'graduated', legalStatus: 'informal' });
    expect(stageMoveProblem(graduate)).toMatchObject({ field: 'legalStatus' });
    expect(stageMoveProblem({ ...graduate, legalStatus: 'filed' })).toBeNull();
    expect(stageMoveProblem({ ...graduate, legalStatus: 'registered' })).toBeNull();
  });

  it('is assessed only with a submitted capacity assessment', () => {
    expect(stageMoveProblem(move({ submittedAssessments: 0 }))).toMatchObject({ field: 'stage' });
    expect(stageMoveProblem(move({}))).toBeNull();
  });

  it('leaves with a reason, other with a note, not_admitted only at the first review', () => {
    expect(stageMoveProblem(move({ to: 'left' }))).toMatchObject({ field: 'reason' });
    expect(stageMoveProblem(move({ to: 'left', reason: 'other' }))).toMatchObject({ field: 'note' });
    expect(stageMoveProblem(move({ to: 'left', reason: 'other', note: '场地调整' }))).toBeNull();
    expect(stageMoveProblem(move({ to: 'left', reason: 'not_admitted' }))).toMatchObject({ field: 'reason' });
    expect(stageMoveProblem(move({ from: 'applied', to: 'left', reason: 'not_admitted' }))).toBeNull();
    expect(stageMoveProblem(move({ reason: 'withdrew' }))).toMatchObject({ field: 'reason' });
  });
});
