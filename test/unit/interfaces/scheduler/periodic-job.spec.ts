import { expect } from 'chai';
import { startPeriodicJob } from '../../../../src/interfaces/scheduler/periodic.job';

const quietLogger = { info() {}, warn() {}, debug() {}, error() {} };

describe('startPeriodicJob', () => {
  it('does not run at start, runs at each interval, and keeps going after a failure', async () => {
    const runs: number[] = [];
    const errors: unknown[] = [];
    const logger = { ...quietLogger, error: (o: object) => errors.push(o) };
    const job = startPeriodicJob(
      'test',
      15,
      async () => {
        runs.push(runs.length);
        if (runs.length === 1) throw new Error('first run fails');
      },
      logger,
    );
    expect(runs).to.deep.equal([]);
    await new Promise((r) => setTimeout(r, 120));
    job.stop();
    const count = runs.length;
    expect(count).to.be.greaterThanOrEqual(2);
    expect(errors).to.have.length(1);
    await new Promise((r) => setTimeout(r, 40));
    expect(runs.length).to.equal(count);
  });
});
