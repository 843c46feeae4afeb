import type { Route } from '../subjects';

const r = (action: string): Route => ({ service: 'dispatch', action });

/** Requests the dispatch service answers (street token: the ticket's street, or `all`). */
export const DispatchRoutes = {
  caseGet: r('cases.get'),
  confirm: r('cases.confirm'),
  assignmentList: r('assignments.list'),
  acknowledge: r('assignments.acknowledge'),
  handBack: r('assignments.hand-back'),
  result: r('assignments.result'),
  overdue: r('assignments.overdue'),
  queues: r('assignments.queues'),
  responsibilityGet: r('responsibility.get'),
  responsibilityPublish: r('responsibility.publish'),
  responsibilityImport: r('responsibility.import'),
  deadLetterList: r('ops.dead-letters.list'),
  deadLetterReplay: r('ops.dead-letters.replay'),
} as const;

/** Events the dispatch service publishes. */
export const DispatchEvents = {
  proposed: 'dispatch.proposed',
  confirmed: 'dispatch.confirmed',
  acknowledged: 'assignment.acknowledged',
  handedBack: 'assignment.handed_back',
  handled: 'assignment.handled',
  escalated: 'assignment.escalated',
} as const;
