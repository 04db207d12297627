import { ChildProcess, spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');

export const BUILT = {
  api: join(ROOT, 'dist/apps/api/apps/api/src/main.js'),
  worker: join(ROOT, 'dist/apps/worker/apps/worker/src/main.js'),
  cli: join(ROOT, 'dist/apps/api/apps/api/src/cli.js'),
  /** What `npm start` runs after building. */
  platform: join(ROOT, 'scripts/start-platform.mjs'),
};

/** Spawned-process tests run the production build (`npm test` builds first). */
export function assertBuilt(): void {
  for (const file of Object.values(BUILT)) {
    if (!existsSync(file)) throw new Error(`${file} is missing: run "npm run build" first (npm test does)`);
  }
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}

export interface Running {
  child: ChildProcess;
  output(): string;
  /** Resolves with the exit code (or signal name). */
  exited: Promise<number | string>;
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<void>;
}

export function run(file: string, args: string[], env: Record<string, string>): Running {
  const child = spawn(process.execPath, [file, ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const listeners = new Set<() => void>();
  const append = (chunk: Buffer) => {
    output += chunk.toString();
    for (const listener of listeners) listener();
  };
  child.stdout!.on('data', append);
  child.stderr!.on('data', append);
  const exited = new Promise<number | string>((resolve) =>
    child.on('exit', (code, signal) => resolve(code ?? signal ?? -1)),
  );
  return {
    child,
    output: () => output,
    exited,
    waitFor: (pattern, timeoutMs = 20_000) =>
      new Promise<void>((resolve, reject) => {
        const check = () => {
          if (pattern.test(output)) {
            cleanup();
            resolve();
          }
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(new Error(`Timed out waiting for ${pattern}; output so far:\n${output}`));
        }, timeoutMs);
        const cleanup = () => {
          clearTimeout(timer);
          listeners.delete(check);
        };
        listeners.add(check);
        void exited.then(() => {
          if (!pattern.test(output)) {
            cleanup();
            reject(new Error(`Process exited before ${pattern}; output:\n${output}`));
          }
        });
        check();
      }),
  };
}

export interface ProcessEntry {
  pid: number;
  /** The executable's name (`comm`), e.g. `postgres`. */
  command: string;
  /** `R`, `S`, ..., `Z` for a zombie. */
  state: string;
  parent: number;
}

/** The processes of this machine (Linux /proc), read now; one that exits meanwhile is left out. */
export function listProcesses(): ProcessEntry[] {
  const entries: ProcessEntry[] = [];
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const [state, parent] = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      entries.push({
        pid: Number(pid),
        command: stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')),
        state,
        parent: Number(parent),
      });
    } catch {
      // exited since the listing
    }
  }
  return entries;
}

/** Pids of the live (not zombie) children of `pid`. */
export function childrenOf(pid: number): number[] {
  return listProcesses()
    .filter((p) => p.parent === pid && p.state !== 'Z')
    .map((p) => p.pid);
}
