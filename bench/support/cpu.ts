import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { childrenOf, listProcesses } from '../../test/support/processes';

/**
 * CPU time read from /proc (Linux), for the benchmarks: of one process, of
 * a server with its child processes, of all PostgreSQL processes, and of the
 * whole machine. Throughput on a shared 2-core machine moves with whatever
 * else runs; CPU per unit of work does much less, so it is what tells two
 * builds apart.
 */
export interface CpuSample {
  serverMs: number;
  postgresMs: number;
  machineBusyMs: number;
  machineTotalMs: number;
}

const TICK_MS = 1000 / Number(execFileSync('getconf', ['CLK_TCK']).toString().trim() || 100);

/** User + system CPU milliseconds of process `pid` so far (0 once it is gone). */
export function processMs(pid: number | string): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * TICK_MS; // utime, stime
  } catch {
    return 0; // gone since the listing
  }
}

/** User + system CPU milliseconds of all of `pids` so far. */
export function processesMs(pids: ReadonlyArray<number | string>): number {
  return pids.reduce<number>((total, pid) => total + processMs(pid), 0);
}

/** The server and its children (the processes of an api started with API_PROCESSES > 1). */
function serverMs(pid: number): number {
  return processesMs([pid, ...childrenOf(pid)]);
}

/** All PostgreSQL processes (backends that exit in between take their CPU with them). */
export function postgresMs(): number {
  return commandMs('postgres');
}

/** The Redis server(s). */
export function redisMs(): number {
  return commandMs('redis-server');
}

function commandMs(command: string): number {
  return processesMs(
    listProcesses()
      .filter((p) => p.command === command)
      .map((p) => p.pid),
  );
}

/** Busy and total CPU milliseconds of the whole machine so far, all cores; steal counts as not busy (not ours). */
export function machineMs(): { busy: number; total: number } {
  const [, ...ticks] = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/);
  const [user, nice, system, idle, iowait, irq, softirq, steal] = ticks.map(Number);
  const busy = user + nice + system + irq + softirq;
  return { busy: busy * TICK_MS, total: (busy + idle + iowait + steal) * TICK_MS };
}

export function sampleCpu(serverPid: number): CpuSample {
  const machine = machineMs();
  return {
    serverMs: serverMs(serverPid),
    postgresMs: postgresMs(),
    machineBusyMs: machine.busy,
    machineTotalMs: machine.total,
  };
}

export interface CpuUse {
  /** CPU microseconds of the server process per registration. */
  serverUs: number;
  /** CPU microseconds of PostgreSQL per registration. */
  postgresUs: number;
  /** Share of the machine's CPU time busy during the burst (steal counts as not ours). */
  machineBusy: number;
}

export function cpuUse(before: CpuSample, after: CpuSample, registrations: number): CpuUse {
  return {
    serverUs: ((after.serverMs - before.serverMs) * 1000) / registrations,
    postgresUs: ((after.postgresMs - before.postgresMs) * 1000) / registrations,
    machineBusy: (after.machineBusyMs - before.machineBusyMs) / (after.machineTotalMs - before.machineTotalMs),
  };
}
