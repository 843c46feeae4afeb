import { DELIBERATION_STEPS, type DeliberationStep } from '@gz/contracts';
import {
  completionRefusal,
  finalizeProblem,
  isOverdue,
  minutesChangeRefusal,
  nextStep,
  noticeDaysBeforeMeeting,
  noticeProblem,
  stepOrdinal,
  type StepState,
} from './deliberation';

const at = (iso: string) => new Date(iso);
const doneUpTo = (n: number): StepState[] =>
  DELIBERATION_STEPS.map((step, i) => ({ step, completedAt: i < n ? at('2026-12-01T00:00:00Z') : null }));

describe('the seven steps', () => {
  it('go in their order, the next being the first not done', () => {
    expect(stepOrdinal('list')).toBe(1);
    expect(stepOrdinal('evaluate')).toBe(7);
    expect(nextStep(doneUpTo(0))).toBe('list');
    expect(nextStep(doneUpTo(3))).toBe('deliberate');
    expect(nextStep(doneUpTo(7))).toBeNull();
  });

  it('complete the next step only', () => {
    expect(completionRefusal(doneUpTo(2), 'notice')).toBeNull();
    expect(completionRefusal(doneUpTo(0), 'list')).toBeNull();
  });

  it('cannot be skipped, naming what is next', () => {
    expect(completionRefusal(doneUpTo(1), 'notice')).toEqual({
      reason: 'out_of_order',
      message: expect.stringMatching(/before theme/),
      next: 'theme',
    });
  });

  it('cannot be done twice, naming what is next (or nothing when all are done)', () => {
    expect(completionRefusal(doneUpTo(3), 'theme')).toMatchObject({ reason: 'already_done', next: 'deliberate' });
    expect(completionRefusal(doneUpTo(7), 'evaluate' as DeliberationStep)).toMatchObject({
      reason: 'already_done',
      next: null,
    });
  });
});

describe('the notice (会前公告)', () => {
  const notice = (posted: string, meeting: string, removed = meeting) => ({
    postedAt: at(posted),
    meetingAt: at(meeting),
    removedAt: at(removed),
  });

  it('is up at least the minimum days before the meeting, boundary included', () => {
    expect(noticeProblem(notice('2026-12-01T09:00:00Z', '2026-12-06T09:00:00Z'), 5)).toBeNull();
    expect(noticeDaysBeforeMeeting(notice('2026-12-01T09:00:00Z', '2026-12-06T09:00:00Z'))).toBe(5);
    expect(noticeProblem(notice('2026-12-01T09:00:00Z', '2026-12-06T08:59:59Z'), 5)).toMatch(/at least 5 days/);
    expect(noticeProblem(notice('2026-12-01T09:00:00Z', '2026-12-03T09:00:00Z'), 2)).toBeNull();
  });

  it('stays up until the meeting, and its times are in order', () => {
    expect(noticeProblem(notice('2026-12-01T09:00:00Z', '2026-12-08T09:00:00Z', '2026-12-07T09:00:00Z'), 5)).toMatch(
      /until the meeting/,
    );
    expect(noticeProblem(notice('2026-12-08T09:00:00Z', '2026-12-01T09:00:00Z', '2026-12-09T09:00:00Z'), 5)).toMatch(
      /after the notice/,
    );
    expect(noticeProblem(notice('2026-12-08T09:00:00Z', '2026-12-10T09:00:00Z', '2026-12-08T09:00:00Z'), 1)).toMatch(
      /removedAt/,
    );
    expect(
      noticeProblem(
        { postedAt: new Date('x'), meetingAt: at('2026-12-01T00:00:00Z'), removedAt: at('2026-12-01T00:00:00Z') },
        5,
      ),
    ).toMatch(/times/);
  });
});

describe('deadlines and minutes', () => {
  const now = at('2026-12-10T00:00:00Z');

  it('a step is overdue past its deadline while not done', () => {
    expect(isOverdue(at('2026-12-09T00:00:00Z'), null, now)).toBe(true);
    expect(isOverdue(at('2026-12-11T00:00:00Z'), null, now)).toBe(false);
    expect(isOverdue(at('2026-12-09T00:00:00Z'), at('2026-12-08T00:00:00Z'), now)).toBe(false);
    expect(isOverdue(null, null, now)).toBe(false);
  });

  it('minutes change until final, and become final once every present attendee confirmed', () => {
    expect(minutesChangeRefusal('drafted')).toBeNull();
    expect(minutesChangeRefusal('final')).toMatch(/final/);
    expect(finalizeProblem(['a', 'b'], ['b', 'a'], 'drafted')).toBeNull();
    expect(finalizeProblem(['a', 'b'], ['a'], 'drafted')).toMatch(/1 missing/);
    expect(finalizeProblem(['a'], ['a'], 'none')).toMatch(/drafted/);
    expect(finalizeProblem(['a'], ['a'], 'final')).toMatch(/final already/);
    expect(finalizeProblem([], [], 'drafted')).toMatch(/present/);
  });
});
