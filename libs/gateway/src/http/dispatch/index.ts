import type { Type } from '@nestjs/common';
import { AssignmentsController, ResponsibilityListsController, TicketDispatchController } from './dispatch.controller';
import { ResponsibilityXlsxController } from './responsibility-xlsx.controller';

/** HTTP controllers of dispatch: cases, department assignments, responsibility lists (libs/dispatch behind the bus). */
export const dispatchControllers: Type[] = [
  TicketDispatchController,
  AssignmentsController,
  ResponsibilityListsController,
  ResponsibilityXlsxController,
];
