import type { TopicClass, TopicState, TriageTopicRequest } from '@gz/contracts';

/** Days an accepted topic of each class has to be deliberated and to be resolved. */
export type TopicDeadlineDays = Record<TopicClass, { deliberate: number; resolve: number }>;

/** The defaults: urgent matters take the fast path (急事急办), major matters and hard cases the longest. */
export const DEFAULT_TOPIC_DEADLINE_DAYS: TopicDeadlineDays = {
  urgent: { deliberate: 1, resolve: 3 },
  worry: { deliberate: 7, resolve: 30 },
  minor: { deliberate: 7, resolve: 15 },
  hard_case: { deliberate: 15, resolve: 60 },
  major_matter: { deliberate: 30, resolve: 90 },
};

const DAY_MS = 24 * 60 * 60 * 1000;

/** The deadlines of a topic accepted at `at` in `topicClass`, and whether it takes the fast path. */
export function topicDeadlines(
  topicClass: TopicClass,
  at: Date,
  days: TopicDeadlineDays = DEFAULT_TOPIC_DEADLINE_DAYS,
): { urgent: boolean; deliberateBy: Date; resolveBy: Date } {
  const d = days[topicClass];
  return {
    urgent: topicClass === 'urgent',
    deliberateBy: new Date(at.getTime() + d.deliberate * DAY_MS),
    resolveBy: new Date(at.getTime() + d.resolve * DAY_MS),
  };
}

/**
 * Parses a deadline setting such as `urgent=1/3,worry=7/30` (deliberate/resolve days per class)
 * over the defaults; undefined when it does not parse.
 */
export function parseTopicDeadlines(text: string | undefined): TopicDeadlineDays | undefined {
  const days: TopicDeadlineDays = { ...DEFAULT_TOPIC_DEADLINE_DAYS };
  if (!text) return days;
  for (const part of text.split(',')) {
    const m = /^\s*([a-z_]+)\s*=\s*(\d{1,3})\s*\/\s*(\d{1,3})\s*$/.exec(part);
    if (!m || !(m[1] in days)) return undefined;
    const deliberate = Number(m[2]);
    const resolve = Number(m[3]);
    if (deliberate < 1 || resolve < deliberate) return undefined;
    days[m[1] as TopicClass] = { deliberate, resolve };
  }
  return days;
}

/**
 * Why this triage cannot be done (a message for a 409/422), or null. Only a submitted topic is
 * triaged; a topic merges into another of the same compound that is not itself merged away or
 * declined, and never into itself.
 */
export function triageProblem(
  topic: { id: string; state: TopicState; compoundId: string },
  req: TriageTopicRequest,
  target?: { id: string; state: TopicState; compoundId: string },
): { status: 'conflict' | 'unprocessable'; field?: string; message: string } | null {
  if (topic.state !== 'submitted')
    return { status: 'conflict', message: `The topic was triaged already (it is ${topic.state})` };
  if (req.outcome !== 'merge') return null;
  if (!target || target.compoundId !== topic.compoundId)
    return { status: 'unprocessable', field: 'mergeInto', message: 'There is no such topic in this compound' };
  if (target.id === topic.id)
    return { status: 'unprocessable', field: 'mergeInto', message: 'A topic cannot merge into itself' };
  if (target.state === 'merged' || target.state === 'declined')
    return {
      status: 'unprocessable',
      field: 'mergeInto',
      message: `The topic to merge into is ${target.state}; merge into a live one`,
    };
  return null;
}
