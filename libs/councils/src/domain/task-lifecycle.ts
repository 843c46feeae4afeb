import type { TaskState } from '@gz/contracts';

/** Why a task's progress may not be reported now (409), or undefined when it may. */
export function progressProblem(state: TaskState): string | undefined {
  if (state === 'done') return 'The task is done';
  if (state === 'ticketed') return 'The task follows its ticket; it is done when the ticket ends';
  return undefined;
}

/** Why a task may not be sent to ticketing now: only an open task with a place goes, once. */
export function sendProblem(t: {
  state: TaskState;
  ticketId: string | null;
  hasPlace: boolean;
}): { status: 'conflict' | 'unprocessable'; message: string } | undefined {
  if (t.state !== 'open' || t.ticketId)
    return { status: 'conflict', message: 'Only an open task not yet sent is sent to ticketing' };
  if (!t.hasPlace) return { status: 'unprocessable', message: 'The task has no place to send a ticket to' };
  return undefined;
}
