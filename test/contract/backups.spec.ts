import * as fs from 'node:fs';
import * as path from 'node:path';
import { backupContract } from './backups.contract';
import { InMemoryBackups } from '../fakes/in-memory-backups';
import { FixedClock } from '../fakes/in-memory-auth';
import { SqliteBackupMaker } from '../../src/infrastructure/backups/sqlite-backup-maker';
import { FsBackupStore } from '../../src/infrastructure/backups/fs-backup-store';
import { SqliteStore } from '../../src/infrastructure/persistence/data-source';
import { copyFixture, tempDir } from '../support/temp';
import { execFile } from '../support/db-digest';

backupContract('in-memory fake', async () => {
  const clock = new FixedClock();
  const fake = new InMemoryBackups(clock);
  const rot = async (name: string) => {
    const f = fake.files.get(name)!;
    f.bytes[f.bytes.length - 1] ^= 0xff;
  };
  return {
    maker: fake,
    store: fake,
    clock,
    breakNextSnapshot: async () => void (fake.failWith = 'quick_check failed'),
    rot,
    close: async () => undefined,
  };
});

backupContract('SQLite snapshot + filesystem store', async () => {
  const dir = tempDir();
  const dbPath = copyFixture('original-current.db', dir, 'ventas.db');
  const live = await SqliteStore.open(dbPath);
  const clock = new FixedClock();
  const backupDir = path.join(dir, 'backups');
  return {
    maker: new SqliteBackupMaker(dbPath, backupDir, 'test', clock),
    store: new FsBackupStore(backupDir, dbPath),
    clock,
    // A foreign-key violation written by a connection without enforcement (SQLite's default):
    // the live file is readable, but its copy fails foreign_key_check.
    breakNextSnapshot: () => execFile(dbPath, 'INSERT INTO detalles_pedido (pedido_id, producto_id, cantidad) VALUES (999999, 1, 1)'),
    rot: async (name: string) => {
      const file = path.join(backupDir, name);
      const fd = fs.openSync(file, 'r+');
      const byte = Buffer.alloc(1);
      fs.readSync(fd, byte, 0, 1, 5000);
      fs.writeSync(fd, Buffer.from([byte[0]! ^ 0xff]), 0, 1, 5000);
      fs.closeSync(fd);
    },
    close: async () => {
      await live.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
});
