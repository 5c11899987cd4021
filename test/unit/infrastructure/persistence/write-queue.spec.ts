import { expect } from 'chai';
import { WriteQueue } from '../../../../src/infrastructure/persistence/store/write-queue';

const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('WriteQueue', () => {
  it('runs tasks one at a time, in arrival order', async () => {
    const q = new WriteQueue();
    const events: string[] = [];
    let running = 0;
    let maxRunning = 0;
    const task = (name: string, ms: number) => async () => {
      running++;
      maxRunning = Math.max(maxRunning, running);
      events.push(`start ${name}`);
      await tick(ms);
      events.push(`end ${name}`);
      running--;
      return name;
    };
    const results = await Promise.all([q.enqueue(task('a', 15)), q.enqueue(task('b', 1)), q.enqueue(task('c', 5))]);
    expect(results).to.deep.equal(['a', 'b', 'c']);
    expect(maxRunning).to.equal(1);
    expect(events).to.deep.equal(['start a', 'end a', 'start b', 'end b', 'start c', 'end c']);
  });

  it('keeps going after a failing task, which rejects only its own caller', async () => {
    const q = new WriteQueue();
    const failing = q.enqueue(async () => {
      throw new Error('boom');
    });
    const next = q.enqueue(async () => 'still runs');
    let error: unknown;
    await failing.catch((e) => (error = e));
    expect((error as Error).message).to.equal('boom');
    expect(await next).to.equal('still runs');
  });
});
