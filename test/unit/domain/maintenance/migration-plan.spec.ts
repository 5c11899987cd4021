import { expect } from 'chai';
import { planMigrations, type KnownMigration, type RecordedMigration } from '../../../../src/domain/maintenance/migration-plan';

const known: KnownMigration[] = [
  { id: '001_a', checksum: 'c1', description: 'a' },
  { id: '002_b', checksum: 'c2', description: 'b' },
  { id: '003_c', checksum: 'c3', description: 'c' },
];
const rec = (id: string, checksum: string | null, success = true): RecordedMigration => ({
  id,
  checksum,
  success,
  appliedAt: 'x',
  errorMessage: success ? null : 'boom',
});

describe('domain: planMigrations', () => {
  it('everything is pending on an empty log, in registry order', () => {
    const plan = planMigrations(known, []);
    expect(plan.ok && plan.value.pending.map((m) => m.id)).to.deep.equal(['001_a', '002_b', '003_c']);
  });

  it('rows without checksum (original backend, runbook INSERT) count as applied', () => {
    const plan = planMigrations(known, [rec('001_a', null), rec('002_b', 'c2')]);
    expect(plan.ok && plan.value.pending.map((m) => m.id)).to.deep.equal(['003_c']);
  });

  it('only success = 1 rows count as applied; failed ones are reported and stay pending', () => {
    const plan = planMigrations(known, [rec('001_a', null), rec('002_b', 'c2', false)]);
    expect(plan.ok).to.equal(true);
    if (!plan.ok) return;
    expect(plan.value.pending.map((m) => m.id)).to.deep.equal(['002_b', '003_c']);
    expect(plan.value.failed.map((m) => m.id)).to.deep.equal(['002_b']);
  });

  it('refuses an applied id this code does not know, naming it', () => {
    const plan = planMigrations(known, [rec('001_a', 'c1'), rec('099_from_the_future', 'zz')]);
    expect(plan.ok).to.equal(false);
    if (plan.ok) return;
    expect(plan.error.code).to.equal('UNKNOWN_APPLIED_MIGRATION');
    expect(plan.error.message).to.contain('099_from_the_future');
  });

  it('ignores an unknown id that only failed (it never changed the schema)', () => {
    expect(planMigrations(known, [rec('099_x', 'zz', false)]).ok).to.equal(true);
  });

  it('refuses an applied migration whose checksum changed, naming it', () => {
    const plan = planMigrations(known, [rec('001_a', 'c1'), rec('002_b', 'edited')]);
    expect(plan.ok).to.equal(false);
    if (plan.ok) return;
    expect(plan.error.code).to.equal('MIGRATION_CHECKSUM_MISMATCH');
    expect(plan.error.message).to.contain('002_b');
  });

  it('refuses a registry with a duplicate id', () => {
    const plan = planMigrations([...known, { id: '002_b', checksum: 'x', description: '' }], []);
    expect(!plan.ok && plan.error.code).to.equal('DUPLICATE_MIGRATION_ID');
  });
});
