#!/usr/bin/env node
// Starts the api and one worker from the build in dist/, with prefixed output.
// Stops both when either exits or when this process gets SIGINT/SIGTERM.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';

const processes = {
  api: 'dist/apps/api/apps/api/src/main.js',
  worker: 'dist/apps/worker/apps/worker/src/main.js',
};

const children = new Map();
let stopping = false;

function stop(code) {
  if (stopping) return;
  stopping = true;
  process.exitCode = code;
  for (const child of children.values()) if (child.exitCode === null) child.kill('SIGTERM');
}

// The children write to pipes read here, so they would take the terminal for
// a log collector and write JSON: pass on what this process's stdout is.
const env = { ...process.env };
if (process.stdout.isTTY) {
  env.LOG_FORMAT ??= 'pretty';
  if (env.NO_COLOR === undefined) env.FORCE_COLOR ??= '1';
}

for (const [name, entry] of Object.entries(processes)) {
  const child = spawn(process.execPath, ['--enable-source-maps', entry], { stdio: ['ignore', 'pipe', 'pipe'], env });
  children.set(name, child);
  for (const stream of [child.stdout, child.stderr]) {
    createInterface({ input: stream }).on('line', (line) => process.stdout.write(`[${name}] ${line}\n`));
  }
  child.on('exit', (code, signal) => {
    process.stdout.write(`[${name}] exited (${signal ?? code})\n`);
    children.delete(name);
    stop(code ?? 0);
  });
}

for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => stop(0));
