import { deadLetterRoutes } from '../ops';
import type { Route } from '../subjects';

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- until each route names its types
const r = (action: string): Route<any, any> => ({ service: 'dispatch', action });

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
  ...deadLetterRoutes('dispatch'),
} as const;
