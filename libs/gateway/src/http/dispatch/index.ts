import type { Type } from '@nestjs/common';
import { AssignmentsController } from './assignments.controller';
import { ResponsibilityListsController } from './responsibility-lists.controller';
import { ResponsibilityXlsxController } from './responsibility-xlsx.controller';
import { TicketDispatchController } from './ticket-dispatch.controller';

/** HTTP controllers of dispatch: cases, department assignments, responsibility lists (libs/dispatch behind the bus). */
export const dispatchControllers: Type[] = [
  TicketDispatchController,
  AssignmentsController,
  ResponsibilityListsController,
  ResponsibilityXlsxController,
];
