import * as fs from 'node:fs';
import * as os from 'node:os';

/**
 * `<DB_PATH>.server.json`, written by a running server: lets operator commands that must not run
 * beside it (a CLI restore) refuse with a clear message. A file left by a killed server names a
 * process that is gone and is ignored.
 */
export interface ServerInfo {
  readonly pid: number;
  readonly host: string;
  readonly port: number | null;
  readonly started_at: string;
}

const fileFor = (dbPath: string): string => `${dbPath}.server.json`;

export function announceServer(dbPath: string, port: number | null): () => void {
  const file = fileFor(dbPath);
  const info: ServerInfo = { pid: process.pid, host: os.hostname(), port, started_at: new Date().toISOString() };
  fs.writeFileSync(file, JSON.stringify(info, null, 2));
  return () => {
    try {
      const current = JSON.parse(fs.readFileSync(file, 'utf8')) as ServerInfo;
      if (current.pid === process.pid) fs.rmSync(file, { force: true });
    } catch {
      // Already gone.
    }
  };
}

/** The server using this database on this machine, if one is running. */
export function runningServer(dbPath: string): ServerInfo | null {
  let info: ServerInfo;
  try {
    info = JSON.parse(fs.readFileSync(fileFor(dbPath), 'utf8')) as ServerInfo;
  } catch {
    return null;
  }
  if (!Number.isSafeInteger(info.pid) || info.pid === process.pid || info.host !== os.hostname()) return null;
  try {
    process.kill(info.pid, 0);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'EPERM') return null;
  }
  // A reused pid: only a node process can be the server.
  try {
    const cmdline = fs.readFileSync(`/proc/${info.pid}/cmdline`, 'utf8');
    if (!/node/.test(cmdline)) return null;
  } catch {
    // No /proc (macOS): trust the pid.
  }
  return info;
}
