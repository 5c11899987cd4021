import { expect } from 'chai';
import type { MigrationRunner } from '../../src/application/maintenance/maintenance.ports';

export interface MigrationRunnerSubject {
  readonly runner: MigrationRunner;
  /** Adds a business row, so that hasData() becomes true. */
  addData(): Promise<void>;
  close(): Promise<void>;
}

/**
 * The MigrationRunner port's contract. The factory builds a runner that knows three migrations,
 * `ok_1`, `ok_2` and `fails_3` (which always fails), in that order.
 */
export function migrationRunnerContract(name: string, make: () => Promise<MigrationRunnerSubject>): void {
  describe(`MigrationRunner contract: ${name}`, () => {
    let s: MigrationRunnerSubject;
    beforeEach(async () => (s = await make()));
    afterEach(async () => s.close());
    const who = { appliedBy: 'contract', reason: 'test' };

    it('knows its migrations in order, each with a checksum', () => {
      const known = s.runner.known();
      expect(known.map((k) => k.id)).to.deep.equal(['ok_1', 'ok_2', 'fails_3']);
      for (const k of known) expect(k.checksum).to.be.a('string').with.length.greaterThan(0);
      expect(new Set(known.map((k) => k.checksum)).size).to.equal(3);
    });

    it('starts with an empty log and no data', async () => {
      expect(await s.runner.recorded()).to.deep.equal([]);
      expect(await s.runner.hasData()).to.equal(false);
    });

    it('applies once and records the checksum; a second apply is a no-op', async () => {
      const first = await s.runner.apply('ok_1', who);
      expect(first.applied).to.equal(true);
      expect(first.durationMs).to.be.a('number');
      expect(await s.runner.apply('ok_1', who)).to.deep.equal({ applied: false, durationMs: 0 });
      const log = await s.runner.recorded();
      expect(log).to.have.length(1);
      expect(log[0]).to.include({ id: 'ok_1', success: true, checksum: s.runner.known()[0]!.checksum });
      expect(log[0]!.appliedAt).to.be.a('string');
    });

    it('throws on a failing migration and records nothing of it until recordFailure', async () => {
      let error: unknown;
      try {
        await s.runner.apply('fails_3', who);
      } catch (e) {
        error = e;
      }
      expect(error).to.be.instanceOf(Error);
      expect(await s.runner.recorded()).to.deep.equal([]);
      await s.runner.recordFailure('fails_3', 'it broke', who);
      const log = await s.runner.recorded();
      expect(log).to.have.length(1);
      expect(log[0]).to.include({ id: 'fails_3', success: false, errorMessage: 'it broke' });
    });

    it('a failure recorded after success does not undo it', async () => {
      await s.runner.apply('ok_1', who);
      await s.runner.recordFailure('ok_1', 'late', who);
      expect((await s.runner.recorded())[0]).to.include({ id: 'ok_1', success: true });
    });

    it('markApplied records without running, and a later apply is a no-op', async () => {
      await s.runner.markApplied('ok_2', who);
      expect((await s.runner.recorded()).map((r) => [r.id, r.success])).to.deep.equal([['ok_2', true]]);
      expect((await s.runner.apply('ok_2', who)).applied).to.equal(false);
    });

    it('reports data once a business row exists', async () => {
      await s.runner.apply('ok_1', who);
      expect(await s.runner.hasData()).to.equal(false);
      await s.addData();
      expect(await s.runner.hasData()).to.equal(true);
    });
  });
}
