import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import { REPO_ROOT } from './temp';

export interface ServerProcess {
  readonly url: string;
  readonly port: number;
  readonly proc: ChildProcess;
  readonly logs: Record<string, unknown>[];
  stderr(): string;
  /** Sends the signal and resolves the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
}

export interface ExitedProcess {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** A minimal environment: nothing from the developer's shell leaks into the test. */
export function baseEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    SEED_DB_PATH: '/nonexistent/ventas.db.gz.b64',
    PORT: '0',
    HOST: '127.0.0.1',
    ...extra,
  };
}

const MAIN = path.join(REPO_ROOT, 'dist', 'src', 'main.js');
export const CLI = path.join(REPO_ROOT, 'dist', 'src', 'cli.js');

/** Starts `node dist/src/main.js` (of this checkout, or `main`) and waits for its "listening" log line. */
export function startServer(env: Record<string, string>, cwd: string, timeoutMs = 20_000, main = MAIN): Promise<ServerProcess> {
  const proc = spawn(process.execPath, [main], { cwd, env: baseEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
  const logs: Record<string, unknown>[] = [];
  let stderr = '';
  let buffered = '';
  const exited = new Promise<number | null>((resolve) => proc.once('exit', (code) => resolve(code)));
  proc.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      proc.kill('SIGKILL');
      reject(new Error(`server did not start in time; stderr: ${stderr}`));
    }, timeoutMs);
    proc.stdout!.on('data', (d: Buffer) => {
      buffered += d.toString();
      let nl: number;
      while ((nl = buffered.indexOf('\n')) >= 0) {
        const line = buffered.slice(0, nl);
        buffered = buffered.slice(nl + 1);
        try {
          const entry = JSON.parse(line) as Record<string, unknown>;
          logs.push(entry);
          if (entry.msg === 'listening') {
            clearTimeout(timer);
            const port = Number(entry.port);
            resolve({
              url: `http://127.0.0.1:${port}`,
              port,
              proc,
              logs,
              stderr: () => stderr,
              stop: async (signal = 'SIGTERM') => {
                if (proc.exitCode === null) proc.kill(signal);
                return exited;
              },
            });
          }
        } catch {
          logs.push({ raw: line });
        }
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`server exited with ${code} before listening; stderr: ${stderr}`));
    });
  });
}

/** Runs a process to completion (start-up refusals, CLI commands). */
export function runToExit(args: string[], env: Record<string, string>, cwd: string, script = MAIN): Promise<ExitedProcess> {
  return new Promise((resolve) => {
    const proc = spawn(process.execPath, [script, ...args], { cwd, env: baseEnv(env), stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    proc.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    proc.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    proc.once('exit', (code) => resolve({ code, stdout, stderr }));
  });
}
