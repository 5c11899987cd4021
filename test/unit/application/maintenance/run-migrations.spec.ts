import { expect } from 'chai';
import { RunMigrations } from '../../../../src/application/maintenance/run-migrations.use-case';
import { GetMigrationStatus } from '../../../../src/application/maintenance/get-migration-status.use-case';
import { MarkMigrationApplied } from '../../../../src/application/maintenance/mark-migration-applied.use-case';
import type { PreMigrationBackup } from '../../../../src/application/maintenance/maintenance.ports';
import { ok, err } from '../../../../src/domain/shared/result';
import { domainError } from '../../../../src/domain/shared/domain-error';
import { InMemoryMigrationRunner } from '../../../fakes/in-memory-migration-runner';
import { migrationStatusView } from '../../../../src/interfaces/http/admin/admin.views';

const input = { trigger: 'test', requestedBy: 'tester' };

class RecordingBackup implements PreMigrationBackup {
  calls: string[][] = [];
  constructor(private readonly fail = false) {}
  async capture(i: { pending: readonly string[] }) {
    this.calls.push([...i.pending]);
    return this.fail ? err(domainError('DISK_FULL', 'no space left')) : ok({ filename: 'ventas_20260101_000000.db' });
  }
}

describe('RunMigrations', () => {
  it('applies pending migrations in order, once', async () => {
    const order: string[] = [];
    const runner = new InMemoryMigrationRunner([
      { id: '001_a', up: () => order.push('a') },
      { id: '002_b', up: () => order.push('b') },
    ]);
    const first = await new RunMigrations(runner, null).execute(input);
    expect(first.ok && first.value.executed).to.deep.equal(['001_a', '002_b']);
    const second = await new RunMigrations(runner, null).execute(input);
    expect(second.ok && second.value.count).to.equal(0);
    expect(order).to.deep.equal(['a', 'b']);
    expect(runner.log.map((r) => r.provenance?.appliedBy)).to.deep.equal(['tester', 'tester']);
  });

  it('stops at a failing migration, records the failure and leaves later ones pending', async () => {
    const runner = new InMemoryMigrationRunner([
      { id: '001_a', up: (s) => s.set('a', 1) },
      {
        id: '002_b',
        up: (s) => {
          s.set('half', 1);
          throw new Error('syntax error');
        },
      },
      { id: '003_c', up: (s) => s.set('c', 1) },
    ]);
    const result = await new RunMigrations(runner, null).execute(input);
    expect(result.ok).to.equal(false);
    if (result.ok) return;
    expect(result.error.code).to.equal('MIGRATION_FAILED');
    expect(result.error.message).to.contain('002_b').and.contain('syntax error').and.contain('001_a');
    expect([...runner.schema.keys()]).to.deep.equal(['a']);
    const status = await new GetMigrationStatus(runner).execute();
    expect(status.pending).to.deep.equal(['002_b', '003_c']);
    expect(migrationStatusView(status).failed).to.deep.equal([
      { name: '002_b', executed_at: '2026-01-01T00:00:00+00:00', error: 'syntax error' },
    ]);
  });

  it('refuses, without applying anything, a log with an unknown applied id', async () => {
    const runner = new InMemoryMigrationRunner([{ id: '001_a', up: (s) => s.set('a', 1) }]);
    runner.log.push({ id: '777_newer', appliedAt: null, checksum: null, success: true, errorMessage: null });
    const result = await new RunMigrations(runner, null).execute(input);
    expect(!result.ok && result.error.code).to.equal('UNKNOWN_APPLIED_MIGRATION');
    expect(runner.schema.size).to.equal(0);
  });

  it('takes the pre-migration backup first when there is data, and not otherwise', async () => {
    const backup = new RecordingBackup();
    const runner = new InMemoryMigrationRunner([{ id: '001_a' }, { id: '002_b' }]);
    runner.data = true;
    const result = await new RunMigrations(runner, backup).execute(input);
    expect(result.ok && result.value.backup).to.equal('ventas_20260101_000000.db');
    expect(backup.calls).to.deep.equal([['001_a', '002_b']]);

    const empty = new InMemoryMigrationRunner([{ id: '001_a' }]);
    const none = new RecordingBackup();
    await new RunMigrations(empty, none).execute(input);
    expect(none.calls).to.deep.equal([]);
  });

  it('applies nothing when the pre-migration backup fails', async () => {
    const runner = new InMemoryMigrationRunner([{ id: '001_a', up: (s) => s.set('a', 1) }]);
    runner.data = true;
    const result = await new RunMigrations(runner, new RecordingBackup(true)).execute(input);
    expect(!result.ok && result.error.code).to.equal('PRE_MIGRATION_BACKUP_FAILED');
    expect(runner.schema.size).to.equal(0);
    expect(runner.log).to.deep.equal([]);
  });
});

describe('MarkMigrationApplied', () => {
  it('records a known, unapplied migration with who and why', async () => {
    const runner = new InMemoryMigrationRunner([
      {
        id: '001_a',
        up: () => {
          throw new Error('must not run');
        },
      },
    ]);
    const result = await new MarkMigrationApplied(runner).execute({ id: '001_a', reason: 'applied by hand', requestedBy: 'ops' });
    expect(result.ok).to.equal(true);
    expect(runner.log[0]).to.include({ id: '001_a', success: true });
    expect(runner.log[0]!.provenance).to.deep.equal({ appliedBy: 'ops', reason: 'applied by hand' });
  });

  it('refuses an unknown id, an applied one and a missing reason', async () => {
    const runner = new InMemoryMigrationRunner([{ id: '001_a' }]);
    const use = new MarkMigrationApplied(runner);
    const unknown = await use.execute({ id: 'xxx', reason: 'r', requestedBy: 'ops' });
    expect(!unknown.ok && unknown.error.code).to.equal('UNKNOWN_MIGRATION');
    expect(!unknown.ok && unknown.error.message).to.contain('001_a');
    const noReason = await use.execute({ id: '001_a', reason: '  ', requestedBy: 'ops' });
    expect(!noReason.ok && noReason.error.code).to.equal('REASON_REQUIRED');
    await use.execute({ id: '001_a', reason: 'r', requestedBy: 'ops' });
    const again = await use.execute({ id: '001_a', reason: 'r', requestedBy: 'ops' });
    expect(!again.ok && again.error.code).to.equal('ALREADY_APPLIED');
    expect(runner.log).to.have.length(1);
  });
});
