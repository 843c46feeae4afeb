import { DEFAULT_TOPIC_DEADLINE_DAYS, parseTopicDeadlines, topicDeadlines, triageProblem } from './topic-triage';

describe('topic deadlines', () => {
  const at = new Date('2026-12-01T02:00:00Z');

  it('gives urgent topics the fast path: the shortest deadlines, flagged', () => {
    const u = topicDeadlines('urgent', at);
    const m = topicDeadlines('major_matter', at);
    expect(u.urgent).toBe(true);
    expect(m.urgent).toBe(false);
    expect(u.deliberateBy.toISOString()).toBe('2026-12-02T02:00:00.000Z');
    expect(u.resolveBy.getTime()).toBeLessThan(m.resolveBy.getTime());
    for (const c of Object.keys(DEFAULT_TOPIC_DEADLINE_DAYS) as (keyof typeof DEFAULT_TOPIC_DEADLINE_DAYS)[])
      expect(topicDeadlines(c, at).resolveBy.getTime()).toBeGreaterThanOrEqual(u.resolveBy.getTime());
  });

  it('reads configured days over the defaults and refuses nonsense', () => {
    const days = parseTopicDeadlines('urgent=2/5, minor=3/10');
    expect(days?.urgent).toEqual({ deliberate: 2, resolve: 5 });
    expect(days?.minor).toEqual({ deliberate: 3, resolve: 10 });
    expect(days?.worry).toEqual(DEFAULT_TOPIC_DEADLINE_DAYS.worry);
    expect(parseTopicDeadlines(undefined)).toEqual(DEFAULT_TOPIC_DEADLINE_DAYS);
    expect(parseTopicDeadlines('urgent=5/2')).toBeUndefined();
    expect(parseTopicDeadlines('nope=1/2')).toBeUndefined();
    expect(parseTopicDeadlines('urgent=0/2')).toBeUndefined();
    expect(parseTopicDeadlines('urgent')).toBeUndefined();
  });
});

describe('triageProblem', () => {
  const t = (id: string, state: 'submitted' | 'accepted' | 'merged' | 'declined', compoundId = 'c1') => ({
    id,
    state,
    compoundId,
  });

  it('triages a submitted topic once', () => {
    expect(triageProblem(t('a', 'submitted'), { outcome: 'accept', topicClass: 'minor' })).toBeNull();
    expect(triageProblem(t('a', 'accepted'), { outcome: 'decline', reason: 'duplicate' })?.status).toBe('conflict');
  });

  it('merges only into another live topic of the same compound', () => {
    const req = { outcome: 'merge' as const, mergeInto: 'b' };
    expect(triageProblem(t('a', 'submitted'), req, t('b', 'accepted'))).toBeNull();
    expect(triageProblem(t('a', 'submitted'), req, t('b', 'submitted'))).toBeNull();
    expect(triageProblem(t('a', 'submitted'), req)?.field).toBe('mergeInto');
    expect(triageProblem(t('a', 'submitted'), req, t('b', 'accepted', 'c2'))?.status).toBe('unprocessable');
    expect(triageProblem(t('a', 'submitted'), req, t('a', 'submitted'))?.message).toMatch(/itself/);
    expect(triageProblem(t('a', 'submitted'), req, t('b', 'merged'))?.status).toBe('unprocessable');
    expect(triageProblem(t('a', 'submitted'), req, t('b', 'declined'))?.status).toBe('unprocessable');
  });
});
