import { expect } from 'chai';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { realContainer, restoreDepsOf } from '../support/ordering';
import { copyFixture, tempDir } from '../support/temp';
import { digestDatabase, queryFile } from '../support/db-digest';
import { journalPath, recoverRestoreSwap, type RestoreJournalEntry, writeJournal } from '../../src/infrastructure/backups/restore-journal';
import { resolve } from '../../src/composition/binder';
import { BACKUP_FOLDER_RECOVERY } from '../../src/application/backups/backups.ports';
import { KeepInterruptedRestores } from '../../src/application/backups/restore.use-cases';

/**
 * Every state a crash can leave a restore's swap in (restore-journal.ts), built with real files,
 * and what the next start's recovery does with it. Two distinct databases: "previous" (the orders
 * acknowledged before the restore) and "candidate" (the restored backup).
 */
function layout(
  state: RestoreJournalEntry['state'],
  files: { live?: 'previous' | 'candidate' | 'stray'; previous?: boolean; candidate?: boolean },
) {
  const dir = tempDir();
  const live = path.join(dir, 'ventas.db');
  const previous = path.join(dir, '.pre-restore-20261201T100000-abcdef.db');
  const candidate = path.join(dir, '.scratch-999999-1-aa.db');
  if (files.previous) copyFixture('original-current.db', dir, path.basename(previous));
  if (files.candidate) copyFixture('original-old-generation.db', dir, path.basename(candidate));
  if (files.live === 'previous') copyFixture('original-current.db', dir, 'ventas.db');
  if (files.live === 'candidate') copyFixture('original-old-generation.db', dir, 'ventas.db');
  if (files.live === 'stray') fs.writeFileSync(live, '');
  writeJournal(live, { state, live, previous, candidate, started_at: '2026-12-01T10:00:00Z', pid: 999999 });
  return { dir, live, previous, candidate };
}

const fixtureDigest = (name: string) => digestDatabase(path.join(__dirname, '../../../test/fixtures', name));

describe('integration: crash recovery of a restore swap (the journal state machine)', () => {
  it('crash before the first rename: nothing was touched; the journal goes, the live database stays', async () => {
    const l = layout('swapping', { live: 'previous', candidate: true });
    const r = await recoverRestoreSwap(l.live);
    expect(r.toKeep).to.deep.equal([]);
    expect(fs.existsSync(journalPath(l.live))).to.equal(false);
    expect(await digestDatabase(l.live)).to.deep.equal(await fixtureDigest('original-current.db'));
  });

  it('crash between the two renames (no live file): the previous database is put back, never a fresh or seeded one', async () => {
    const l = layout('swapping', { previous: true, candidate: true });
    const r = await recoverRestoreSwap(l.live);
    expect(r.action).to.match(/previous database was put back/);
    expect(await digestDatabase(l.live)).to.deep.equal(await fixtureDigest('original-current.db'));
    expect(fs.existsSync(l.previous)).to.equal(false);
    expect(fs.existsSync(journalPath(l.live))).to.equal(false);
  });

  it('a file that appeared at the live path between the renames is kept aside, not deleted; the previous database is put back', async () => {
    const l = layout('swapping', { live: 'stray', previous: true, candidate: true });
    const r = await recoverRestoreSwap(l.live);
    expect(r.action).to.match(/kept as \.stray-/);
    expect(fs.readdirSync(l.dir).filter((f) => f.startsWith('.stray-'))).to.have.length(1);
    expect(await digestDatabase(l.live)).to.deep.equal(await fixtureDigest('original-current.db'));
  });

  it('crash while putting the previous database back after a failed check: it is put back', async () => {
    const l = layout('swapping-back', { live: 'candidate', previous: true });
    await recoverRestoreSwap(l.live);
    expect(await digestDatabase(l.live)).to.deep.equal(await fixtureDigest('original-current.db'));
  });

  for (const state of ['swapping', 'swapped'] as const) {
    it(`crash after the second rename (state ${state}): the restore stands and the previous content becomes a listed, verified pre-restore backup`, async () => {
      const env = await realContainer('original-old-generation.db');
      try {
        const dir = path.dirname(env.dbPath);
        const previous = copyFixture('original-current.db', dir, '.pre-restore-20261201T100000-abcdef.db');
        writeJournal(env.dbPath, {
          state,
          live: env.dbPath,
          previous,
          candidate: path.join(dir, '.scratch-999999-gone.db'),
          started_at: '2026-12-01T10:00:00Z',
          pid: 999999,
        });
        const r = await recoverRestoreSwap(env.dbPath);
        expect(r.toKeep).to.deep.equal([previous]);
        // The backup folder's own start-up recovery leaves it alone.
        const deps = restoreDepsOf(env.c);
        await resolve(env.c, BACKUP_FOLDER_RECOVERY).recover(() => undefined);
        expect(fs.existsSync(previous)).to.equal(true);
        const kept = await new KeepInterruptedRestores(deps).execute(r.toKeep);
        expect(kept.warnings).to.deep.equal([]);
        expect(kept.kept).to.have.length(1);
        const listed = (await deps.store.list()).find((b) => b.filename === kept.kept[0]);
        expect(listed?.kind).to.equal('pre-restore');
        const backupDir = deps.settings.backupDir;
        expect(await digestDatabase(path.join(backupDir, kept.kept[0]!))).to.deep.equal(await fixtureDigest('original-current.db'));
        expect(fs.existsSync(previous)).to.equal(false);
        expect(fs.existsSync(journalPath(env.dbPath))).to.equal(false);
        expect((await queryFile(env.dbPath, 'SELECT count(*) AS n FROM pedidos'))[0]).to.deep.equal(
          (
            await queryFile(path.join(__dirname, '../../../test/fixtures/original-old-generation.db'), 'SELECT count(*) AS n FROM pedidos')
          )[0],
        );
      } finally {
        await env.close();
      }
    });
  }

  it('a previous content that fails verification is set aside unlisted, never deleted', async () => {
    const env = await realContainer('original-current.db');
    try {
      const dir = path.dirname(env.dbPath);
      const previous = path.join(dir, '.pre-restore-20261201T100000-badbad.db');
      fs.writeFileSync(previous, Buffer.concat([fs.readFileSync(env.dbPath).subarray(0, 8192), Buffer.alloc(4096, 0xff)]));
      const deps = restoreDepsOf(env.c);
      const kept = await new KeepInterruptedRestores(deps).execute([previous]);
      expect(kept.kept).to.deep.equal([]);
      expect(kept.warnings[0]).to.match(/unverified copy of the previous content is at .*unverified-pre-restore-/);
      expect(fs.readdirSync(deps.settings.backupDir).filter((f) => f.startsWith('unverified-pre-restore-'))).to.have.length(1);
      expect((await deps.store.list()).filter((b) => b.kind === 'pre-restore')).to.deep.equal([]);
    } finally {
      await env.close();
    }
  });

  it('a .pre-restore file without a journal is found and handed back to be kept; no journal and none: nothing to do', async () => {
    const dir = tempDir();
    const live = copyFixture('original-current.db', dir, 'ventas.db');
    expect(await recoverRestoreSwap(live)).to.deep.equal({ action: null, toKeep: [] });
    const orphan = copyFixture('original-current.db', dir, '.pre-restore-x.db');
    const r = await recoverRestoreSwap(live);
    expect(r.toKeep).to.deep.equal([orphan]);
  });
});
