import { eventHandlersOf } from '@gz/platform';
import { CONSUMED_TYPES } from '../domain/sources';
import { SourceEventsHandlers } from './source-events.handlers';

describe('what evaluation consumes', () => {
  it('has one handler for every event type a source projects, and none else', () => {
    const handled = eventHandlersOf(new SourceEventsHandlers({} as never)).map((h) => h.type);
    expect([...handled].sort()).toEqual([...CONSUMED_TYPES].sort());
    expect(new Set(handled).size).toBe(handled.length);
  });
});
