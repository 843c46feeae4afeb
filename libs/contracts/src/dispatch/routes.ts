import type { EmptyRequest, Page } from '../common';
import { deadLetterRoutes } from '../ops';
import { routesOf } from '../subjects';
import type {
  AcknowledgeCommand,
  AssignmentListQuery,
  AssignmentView,
  DepartmentQueue,
  HandBackCommand,
  OverdueQuery,
  ResultCommand,
} from './assignment.dto';
import type { CaseRequest, ConfirmDispatchCommand, DispatchCaseView } from './case.dto';
import type { ResponsibilityImportCommand, ResponsibilityImportReport } from './responsibility-import.dto';
import type { PublishResponsibilityRequest, ResponsibilityListView, ResponsibilityQuery } from './responsibility.dto';

const r = routesOf('dispatch');

/** Requests the dispatch service answers (street token: the ticket's street, or `all`). */
export const DispatchRoutes = {
  caseGet: r<CaseRequest, DispatchCaseView>('cases.get'),
  confirm: r<ConfirmDispatchCommand, DispatchCaseView>('cases.confirm'),
  assignmentList: r<AssignmentListQuery, Page<AssignmentView>>('assignments.list'),
  acknowledge: r<AcknowledgeCommand, AssignmentView>('assignments.acknowledge'),
  handBack: r<HandBackCommand, AssignmentView>('assignments.hand-back'),
  result: r<ResultCommand, AssignmentView>('assignments.result'),
  overdue: r<OverdueQuery, Page<AssignmentView>>('assignments.overdue'),
  queues: r<EmptyRequest, DepartmentQueue[]>('assignments.queues'),
  responsibilityGet: r<ResponsibilityQuery, ResponsibilityListView>('responsibility.get'),
  responsibilityPublish: r<PublishResponsibilityRequest, ResponsibilityListView>('responsibility.publish'),
  responsibilityImport: r<ResponsibilityImportCommand, ResponsibilityImportReport>('responsibility.import'),
  ...deadLetterRoutes('dispatch'),
} as const;
