import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, join, posix } from 'node:path';

/**
 * Just enough of Docker to run a Dockerfile's steps without Docker (which
 * these machines lack): a parser for the instructions the project's
 * Dockerfile uses, the build context as `docker build` sees it from a clean
 * checkout (.dockerignore applied), and an emulator that runs each stage in
 * a folder of its own, container paths mapped below it. What it cannot
 * reproduce (users, file ownership, the base image's contents) is said where
 * it is skipped; an instruction it does not know fails loudly.
 */

export interface Instruction {
  keyword: string;
  /** The arguments with flags (`--from=build`) taken out. */
  args: string;
  flags: Record<string, string>;
  line: number;
}

export interface Stage {
  name: string;
  image: string;
  instructions: Instruction[];
}

export interface Dockerfile {
  /** `ARG`s before the first `FROM`, with their defaults. */
  args: Record<string, string>;
  stages: Stage[];
}

/** Splits a Dockerfile into stages of instructions (continuations joined, comments dropped). */
export function parseDockerfile(text: string): Dockerfile {
  const logical: { text: string; line: number }[] = [];
  let pending: { text: string; line: number } | undefined;
  text.split('\n').forEach((raw, index) => {
    const line = raw.trimEnd();
    if (!pending && (line.trim() === '' || line.trimStart().startsWith('#'))) return;
    if (pending && line.trimStart().startsWith('#')) return;
    const continued = line.endsWith('\\');
    const body = continued ? line.slice(0, -1) : line;
    pending = pending
      ? { text: `${pending.text} ${body.trim()}`, line: pending.line }
      : { text: body.trim(), line: index + 1 };
    if (!continued) {
      logical.push(pending);
      pending = undefined;
    }
  });

  const file: Dockerfile = { args: {}, stages: [] };
  for (const { text: entry, line } of logical) {
    const [, keyword, rest = ''] = /^(\S+)\s*(.*)$/.exec(entry)!;
    const flags: Record<string, string> = {};
    let args = rest;
    for (let flag = /^--([a-z-]+)=(\S+)\s*/.exec(args); flag; flag = /^--([a-z-]+)=(\S+)\s*/.exec(args)) {
      flags[flag[1]] = flag[2];
      args = args.slice(flag[0].length);
    }
    const instruction = { keyword: keyword.toUpperCase(), args, flags, line };
    if (instruction.keyword === 'FROM') {
      const [image, as, name] = args.split(/\s+/);
      if (as?.toUpperCase() !== 'AS' || !name) throw new Error(`line ${line}: name every stage (FROM image AS name)`);
      file.stages.push({ name, image: substitute(image, file.args), instructions: [] });
    } else if (file.stages.length === 0) {
      if (instruction.keyword !== 'ARG') throw new Error(`line ${line}: only ARG may come before FROM`);
      const [key, value = ''] = args.split('=');
      file.args[key] = value;
    } else {
      file.stages[file.stages.length - 1].instructions.push(instruction);
    }
  }
  return file;
}

function substitute(value: string, vars: Record<string, string>): string {
  return value.replace(/\$\{?([A-Za-z_][A-Za-z0-9_]*)\}?/g, (_, name: string) => vars[name] ?? '');
}

/** `ENV a=1 b=2` or `ENV a 1`. */
function parseEnv(args: string): Record<string, string> {
  if (!args.includes('=')) {
    const [key, ...value] = args.split(/\s+/);
    return { [key]: value.join(' ') };
  }
  return Object.fromEntries(
    [...args.matchAll(/([A-Za-z_][A-Za-z0-9_]*)=("([^"]*)"|\S*)/g)].map((m) => [m[1], m[3] ?? m[2]]),
  );
}

/** `["a", "b"]` (exec form) or a shell command, as argv. */
export function commandArgv(args: string): string[] {
  return args.trimStart().startsWith('[') ? (JSON.parse(args) as string[]) : ['/bin/sh', '-c', args];
}

/** A .dockerignore pattern as a regular expression over slash-separated paths from the context root. */
function ignoreRegex(pattern: string): RegExp {
  const source = posix
    .normalize(pattern.replace(/^\/+/, ''))
    .split(/(\*\*\/?|\*|\?)/)
    .map((part) => {
      if (part === '**/' || part === '**') return '(?:.*/)?';
      if (part === '*') return '[^/]*';
      if (part === '?') return '[^/]';
      return part.replace(/[.+^${}()|[\]\\]/g, '\\$&');
    })
    .join('');
  // A pattern that names a folder leaves out everything below it.
  return new RegExp(`^${source}(?:/.*)?$`);
}

/** Whether `.dockerignore` (Docker's rules: the last matching line wins, `!` re-includes) leaves a path out. */
export function dockerIgnores(patterns: string[], path: string): boolean {
  let ignored = false;
  for (const raw of patterns) {
    const negated = raw.startsWith('!');
    if (ignoreRegex(negated ? raw.slice(1) : raw).test(path)) ignored = !negated;
  }
  return ignored;
}

export function readDockerignore(root: string): string[] {
  return readFileSync(join(root, '.dockerignore'), 'utf8')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
}

/**
 * The build context of a clean checkout: the files git would check out
 * (tracked, plus new ones not ignored, as they will be once committed),
 * minus what .dockerignore leaves out, copied to `into`.
 */
export function copyBuildContext(root: string, into: string): string[] {
  const patterns = readDockerignore(root);
  const files = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], {
    cwd: root,
    encoding: 'utf8',
  })
    .split('\0')
    .filter((file) => file !== '' && existsSync(join(root, file)) && !dockerIgnores(patterns, file));
  for (const file of files) {
    mkdirSync(dirname(join(into, file)), { recursive: true });
    cpSync(join(root, file), join(into, file));
  }
  return files;
}

export interface StageResult {
  /** Host folder standing for the stage's `/`. */
  root: string;
  workdir: string;
  env: Record<string, string>;
  user?: string;
  healthcheck?: { options: Record<string, string>; argv: string[] };
  entrypoint: string[];
  cmd: string[];
}

export interface EmulateOptions {
  context: string;
  /** Where the stages' folders go. */
  work: string;
  /** Environment of RUN steps besides the stage's ENV (PATH, HOME, npm settings). */
  runEnv: Record<string, string>;
  log?: (line: string) => void;
}

/**
 * Runs every stage in order. COPY copies from the context (or `--from` an
 * earlier stage's folder), a missing source fails; RUN runs in the mapped
 * WORKDIR with the stage's ENV on this machine's tools (Node from PATH;
 * `--mount` cache flags are dropped: the machine's npm cache serves); a RUN
 * may not name absolute paths, since those would be this machine's. Ownership
 * is not emulated (`chown` is a no-op here, `USER` is recorded).
 */
export async function emulate(file: Dockerfile, options: EmulateOptions): Promise<Record<string, StageResult>> {
  const shims = join(options.work, '.shims');
  mkdirSync(shims, { recursive: true });
  writeFileSync(join(shims, 'chown'), '#!/bin/sh\nexit 0\n');
  chmodSync(join(shims, 'chown'), 0o755);

  const stages: Record<string, StageResult> = {};
  for (const stage of file.stages) {
    const root = join(options.work, stage.name);
    const state: StageResult = { root, workdir: '/', env: {}, entrypoint: [], cmd: [] };
    stages[stage.name] = state;
    const host = (path: string) => join(root, posix.resolve(state.workdir, path));
    for (const step of stage.instructions) {
      const where = `Dockerfile line ${step.line} (${step.keyword} ${step.args})`;
      options.log?.(`${stage.name}: ${step.keyword} ${step.args}`);
      switch (step.keyword) {
        case 'WORKDIR':
          state.workdir = posix.resolve(state.workdir, step.args);
          mkdirSync(host('.'), { recursive: true });
          break;
        case 'ENV':
          Object.assign(state.env, parseEnv(step.args));
          break;
        case 'COPY': {
          const parts = step.args.trim().startsWith('[') ? (JSON.parse(step.args) as string[]) : step.args.split(/\s+/);
          const dest = parts.pop()!;
          const from = step.flags.from ? stages[step.flags.from] : undefined;
          if (step.flags.from && !from) throw new Error(`${where}: no earlier stage ${step.flags.from}`);
          for (const source of parts) {
            if (/[*?[]/.test(source)) throw new Error(`${where}: globs are not emulated; name the files`);
            const origin = from ? join(from.root, posix.resolve(from.workdir, source)) : join(options.context, source);
            if (!existsSync(origin))
              throw new Error(`${where}: ${source} is not in the ${from ? 'stage' : 'build context'}`);
            const target =
              dest.endsWith('/') || parts.length > 1 ? join(host(dest), posix.basename(source)) : host(dest);
            // A folder's contents go into the destination, as Docker does.
            if (statSync(origin).isDirectory()) cpSync(origin, host(dest), { recursive: true });
            else {
              mkdirSync(dirname(target), { recursive: true });
              cpSync(origin, target);
            }
          }
          break;
        }
        case 'RUN': {
          if (/(^|\s)\/(?!dev\/null)/.test(step.args)) {
            throw new Error(`${where}: use paths relative to WORKDIR (an absolute path would be this machine's)`);
          }
          await runStep(step.args, host('.'), {
            ...state.env,
            ...options.runEnv,
            PATH: `${shims}:${options.runEnv.PATH}`,
          }).catch((error: Error) => {
            throw new Error(`${where} failed: ${error.message}`);
          });
          break;
        }
        case 'USER':
          state.user = step.args.trim();
          break;
        case 'HEALTHCHECK': {
          const match = /^CMD\s+(.*)$/.exec(step.args);
          if (!match) throw new Error(`${where}: expected HEALTHCHECK [options] CMD ...`);
          state.healthcheck = { options: step.flags, argv: commandArgv(match[1]) };
          break;
        }
        case 'ENTRYPOINT':
          state.entrypoint = commandArgv(step.args);
          break;
        case 'CMD':
          state.cmd = commandArgv(step.args);
          break;
        case 'EXPOSE':
        case 'LABEL':
          break;
        default:
          throw new Error(`${where}: the emulation does not know ${step.keyword}; teach test/support/dockerfile.ts`);
      }
    }
  }
  return stages;
}

/** A container path (`/app/x`) or a plain program name, as this machine runs it for a stage. */
export function hostArgv(stage: StageResult, argv: string[]): string[] {
  return argv.map((arg, index) => (index === 0 && isAbsolute(arg) ? join(stage.root, arg) : arg));
}

function runStep(command: string, cwd: string, env: Record<string, string>): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('/bin/sh', ['-c', command], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`exit ${code}\n${output.split('\n').slice(-40).join('\n')}`)),
    );
  });
}
