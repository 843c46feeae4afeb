import { aggregateKey, KeyedQueue } from './keyed-queue';

const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('keyed work queue', () => {
  it('keeps the order within a key and runs different keys side by side', async () => {
    const queue = new KeyedQueue(8);
    const log: string[] = [];
    const task = (name: string, ms: number) => async () => {
      log.push(`start ${name}`);
      await tick(ms);
      log.push(`end ${name}`);
    };
    await queue.push('t1', task('t1-a', 30));
    await queue.push('t1', task('t1-b', 1));
    await queue.push('t2', task('t2-a', 1));
    await queue.drain();
    expect(log.indexOf('end t1-a')).toBeLessThan(log.indexOf('start t1-b'));
    expect(log.indexOf('end t2-a')).toBeLessThan(log.indexOf('end t1-a'));
  });

  it('admits no more than its limit at once', async () => {
    const queue = new KeyedQueue(2);
    let running = 0;
    let most = 0;
    for (let i = 0; i < 6; i += 1) {
      await queue.push(`k${i}`, async () => {
        running += 1;
        most = Math.max(most, running);
        await tick(10);
        running -= 1;
      });
    }
    await queue.drain();
    expect(most).toBe(2);
  });

  it('keys events by their aggregate', () => {
    expect(aggregateKey({ id: 'e1', data: { ticketId: 't9', id: 'x' } })).toBe('t9');
    expect(aggregateKey({ id: 'e1', data: { id: 'u3' } })).toBe('u3');
    expect(aggregateKey({ id: 'e1', data: {} })).toBe('e1');
  });
});
