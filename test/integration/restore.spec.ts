import { expect } from 'chai';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { realContainer, restoreDepsOf } from '../support/ordering';
import { digestDatabase, execFile, queryFile, withoutAudit } from '../support/db-digest';
import { RestoreBackup, PreviewRestore } from '../../src/application/backups/restore.use-cases';
import { CreateBackup } from '../../src/application/backups/backups.use-cases';
import type { LiveDatabase } from '../../src/application/backups/backups.ports';
import type { BackupMaker } from '../../src/application/backups/backups.ports';
import { RawSqlite } from '../../src/infrastructure/sqlite/sqlite-file';

const actor = { username: 'admin', ip: '127.0.0.1', userAgent: 'test' };

/** The real adapters on a migrated fixture copy, with one backup and a change made after it. */
async function setUp() {
  const env = await realContainer('original-current.db');
  const made = await env.c.get(CreateBackup).execute({ kind: 'manual', trigger: 'test' });
  if (!made.ok) throw new Error(made.error.message);
  await env.store.write((m) => m.query('UPDATE productos SET precio = precio * 2'));
  const deps = restoreDepsOf(env.c);
  return { ...env, deps, backup: made.value.filename };
}

/** The real maker with some of its methods replaced. */
function makerWith(real: BackupMaker, over: Partial<BackupMaker>): BackupMaker {
  return {
    make: (i) => real.make(i),
    snapshot: () => real.snapshot(),
    keep: (s, i) => real.keep(s, i),
    setAside: (s, l) => real.setAside(s, l),
    discard: (s) => real.discard(s),
    adopt: (l, i) => real.adopt(l, i),
    ...over,
  };
}

/** A LiveDatabase whose swapIn runs the real one, then misbehaves as told. */
function faulty(real: LiveDatabase, fault: { throwBefore?: boolean; reportAfter?: string }): LiveDatabase & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    tableCounts: () => real.tableCounts(),
    withWritesPaused: (r, w) => real.withWritesPaused(r, w),
    compact: () => real.compact(),
    settle: () => real.settle(),
    swapBack: async (previous) => {
      calls.push(`back:${path.basename(previous.location)}`);
      return real.swapBack(previous);
    },
    swapIn: async (location) => {
      calls.push(path.basename(location));
      if (fault.throwBefore) throw new Error('disk I/O error (injected)');
      const swapped = await real.swapIn(location);
      return fault.reportAfter ? { ...swapped, check: fault.reportAfter } : swapped;
    },
  };
}

describe('integration: RestoreBackup failure paths (real SQLite, injected faults)', function () {
  this.timeout(60_000);

  it('another process holding the live database open: the swap is refused before anything is touched, writes resume', async () => {
    const env = await setUp();
    try {
      const before = withoutAudit(await digestDatabase(env.dbPath));
      const other = await RawSqlite.open(env.dbPath, 'readwrite');
      await other.all('SELECT count(*) FROM pedidos');
      let r;
      try {
        r = await new RestoreBackup(env.deps).execute({ source: { backup: env.backup }, confirm: env.backup, actor });
      } finally {
        await other.close();
      }
      expect(r.ok).to.equal(false);
      if (r.ok) return;
      expect(r.error.code).to.equal('RESTORE_FAILED');
      expect(r.error.message).to.match(/not touched: replacing it failed \(another process has the database open/);
      expect(withoutAudit(await digestDatabase(env.dbPath))).to.deep.equal(before);
      expect(fs.existsSync(`${env.dbPath}.restore-journal`)).to.equal(false);
      const audit = await queryFile<{ accion: string; datos_despues: string }>(
        env.dbPath,
        "SELECT accion, datos_despues FROM audit_log WHERE accion = 'RESTORE_FAILED'",
      );
      expect(audit).to.have.length(1);
      await env.store.write((m) => m.query('UPDATE productos SET precio = precio + 1 WHERE id = 1'));
    } finally {
      await env.close();
    }
  });

  it('a pre-restore copy that fails verification after the swap: the restore stands, the copy is kept aside unlisted, the warning says where', async () => {
    const env = await setUp();
    try {
      const previous = withoutAudit(await digestDatabase(env.dbPath));
      const listedBefore = (await env.deps.store.list()).map((e) => e.filename);
      const failingMaker = makerWith(env.deps.maker, {
        keep: async () => {
          throw new Error('quick_check failed: page 7 (injected)');
        },
      });
      const r = await new RestoreBackup({ ...env.deps, maker: failingMaker }).execute({
        source: { backup: env.backup },
        confirm: env.backup,
        actor,
      });
      expect(r.ok, r.ok ? '' : r.error.message).to.equal(true);
      if (!r.ok) return;
      expect(r.value.preRestoreBackup).to.equal(null);
      expect(r.value.preRestoreWarning).to.match(
        /pre-restore backup failed \(Backup failed: quick_check failed: page 7.*unverified copy of the previous content is at .*unverified-pre-restore-.*\.db/,
      );
      const aside = /at (\S+\.db)$/.exec(r.value.preRestoreWarning!)![1]!;
      expect(withoutAudit(await digestDatabase(aside))).to.deep.equal(previous);
      expect((await env.deps.store.list()).map((e) => e.filename)).to.deep.equal(listedBefore);
      const [audit] = await queryFile<{ datos_antes: string }>(env.dbPath, "SELECT datos_antes FROM audit_log WHERE accion = 'RESTORE'");
      expect(JSON.parse(audit!.datos_antes).pre_restore_warning).to.equal(r.value.preRestoreWarning);
    } finally {
      await env.close();
    }
  });

  it('a swap that fails: nothing replaced', async () => {
    const env = await setUp();
    try {
      const before = withoutAudit(await digestDatabase(env.dbPath));
      const r = await new RestoreBackup({ ...env.deps, live: faulty(env.deps.live, { throwBefore: true }) }).execute({
        source: { backup: env.backup },
        confirm: env.backup,
        actor,
      });
      expect(!r.ok && r.error.message).to.match(/not touched: replacing it failed \(disk I\/O error/);
      expect(withoutAudit(await digestDatabase(env.dbPath))).to.deep.equal(before);
    } finally {
      await env.close();
    }
  });

  it('a check failing after the swap: the previous database is put back, and nothing is left to keep', async () => {
    const env = await setUp();
    try {
      const before = withoutAudit(await digestDatabase(env.dbPath));
      const live = faulty(env.deps.live, { reportAfter: 'row 3 missing from index (injected)' });
      const r = await new RestoreBackup({ ...env.deps, live }).execute({ source: { backup: env.backup }, confirm: env.backup, actor });
      expect(!r.ok && r.error.message).to.match(/failed its check \(row 3 missing.*previous database was put back \(check: ok/);
      expect(live.calls).to.have.length(2);
      expect(live.calls[1]).to.match(/^back:\.pre-restore-/);
      expect(withoutAudit(await digestDatabase(env.dbPath))).to.deep.equal(before);
      expect((await env.deps.store.list()).filter((e) => e.kind === 'pre-restore')).to.have.length(0);
      expect(
        fs
          .readdirSync(path.dirname(env.dbPath))
          .filter((f) => f.startsWith('.pre-restore-') || f.startsWith('.scratch-') || f.endsWith('.restore-journal')),
      ).to.deep.equal([]);
      await env.store.write((m) => m.query('UPDATE productos SET precio = precio + 1 WHERE id = 1'));
    } finally {
      await env.close();
    }
  });

  it('a backup whose migrations fail on the working copy: nothing replaced, the working copy removed', async () => {
    const env = await setUp();
    try {
      // A backup in which a name a migration creates is taken by a table.
      const file = path.join(path.dirname(env.dbPath), 'odd.db');
      fs.copyFileSync(path.join(env.deps.settings.backupDir, env.backup), file);
      await execFile(
        file,
        "DELETE FROM migration_log WHERE migration_id LIKE '012%'; DROP INDEX idx_pedidos_estado_fecha; CREATE TABLE idx_pedidos_estado_fecha (x INTEGER);",
      );
      const before = withoutAudit(await digestDatabase(env.dbPath));
      const preview = await new PreviewRestore(env.deps).execute({ path: file });
      expect(preview.ok && preview.value.migrationsToRun.length).to.be.greaterThan(0);
      const r = await new RestoreBackup(env.deps).execute({ source: { path: file }, confirm: file, actor });
      expect(r.ok ? 'ok' : r.error.message).to.match(/not touched: the backup could not be brought up to this version's schema/);
      expect(withoutAudit(await digestDatabase(env.dbPath))).to.deep.equal(before);
      expect(fs.readdirSync(path.dirname(env.dbPath)).filter((f) => f.startsWith('.scratch-'))).to.deep.equal([]);
    } finally {
      await env.close();
    }
  });

  it('an old-generation database restored by path runs its pending migrations forward on the way in', async () => {
    const env = await setUp();
    try {
      const old = path.join(path.dirname(env.dbPath), 'old.db');
      fs.copyFileSync(path.resolve(__dirname, '../../../test/fixtures/original-old-generation.db'), old);
      const oldDigest = await digestDatabase(old);
      const r = await new RestoreBackup(env.deps).execute({ source: { path: old }, confirm: old, actor });
      expect(r.ok, r.ok ? '' : r.error.message).to.equal(true);
      if (!r.ok) return;
      expect(r.value.migrationsApplied.length).to.be.greaterThan(0);
      // Every row of the old database is there, unchanged in the columns it had.
      const columnsOf = Object.fromEntries(Object.entries(oldDigest).map(([t, d]) => [t, d.columns]));
      const now = await digestDatabase(env.dbPath, columnsOf);
      for (const [table, d] of Object.entries(oldDigest)) {
        if (table === 'audit_log' || table === 'migration_log') continue;
        expect(now[table], table).to.deep.equal(d);
      }
    } finally {
      await env.close();
    }
  });
});
