import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

/**
 * CPU time spent during a burst, read from /proc (Linux): by the server under
 * test, by all PostgreSQL processes, and by the whole machine. Throughput on
 * a shared 2-core machine moves with whatever else runs; CPU per registration
 * does much less, so it is what tells two builds apart.
 */
export interface CpuSample {
  serverMs: number;
  postgresMs: number;
  machineBusyMs: number;
  machineTotalMs: number;
}

const TICK_MS = 1000 / Number(execFileSync('getconf', ['CLK_TCK']).toString().trim() || 100);

function processMs(pid: number | string): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * TICK_MS; // utime, stime
  } catch {
    return 0; // gone since the listing
  }
}

/** Summed CPU of the processes `pick` accepts, given each one's /proc/PID/stat. */
function processesMs(pick: (pid: string, stat: string) => boolean): number {
  let total = 0;
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      if (pick(pid, readFileSync(`/proc/${pid}/stat`, 'utf8'))) total += processMs(pid);
    } catch {
      // exited meanwhile
    }
  }
  return total;
}

const command = (stat: string) => stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
const parent = (stat: string) => stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1];

/** The server and its children (the processes of an api started with API_PROCESSES > 1). */
function serverMs(pid: number): number {
  return processMs(pid) + processesMs((_, stat) => parent(stat) === String(pid));
}

function postgresMs(): number {
  return processesMs((_, stat) => command(stat) === 'postgres');
}

function machineMs(): { busy: number; total: number } {
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
