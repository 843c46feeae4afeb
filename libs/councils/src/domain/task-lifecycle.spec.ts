import { progressProblem, sendProblem } from './task-lifecycle';

describe('resolution task lifecycle', () => {
  it('takes progress only while open', () => {
    expect(progressProblem('open')).toBeUndefined();
    expect(progressProblem('ticketed')).toContain('ticket');
    expect(progressProblem('done')).toBe('The task is done');
  });

  it('sends an open task with a place once', () => {
    expect(sendProblem({ state: 'open', ticketId: null, hasPlace: true })).toBeUndefined();
    expect(sendProblem({ state: 'open', ticketId: null, hasPlace: false })?.status).toBe('unprocessable');
    expect(sendProblem({ state: 'ticketed', ticketId: 't1', hasPlace: true })?.status).toBe('conflict');
    expect(sendProblem({ state: 'done', ticketId: null, hasPlace: true })?.status).toBe('conflict');
  });
});
