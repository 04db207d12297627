import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '..', '..', '..');

function json(path: string): { version?: string; dependencies?: Record<string, string> } {
  return JSON.parse(readFileSync(path, 'utf8')) as { version?: string; dependencies?: Record<string, string> };
}

/**
 * Fails, naming what to re-check, unless `pkg` is pinned to an exact version
 * in package.json and that version is the one installed. For libraries whose
 * internals cohost uses: an upgrade must be a deliberate edit of the pin,
 * followed by a look at `uses` (and the behaviour specs beside this check).
 */
export function expectPinned(pkg: string, uses: string): void {
  const pinned = json(join(root, 'package.json')).dependencies?.[pkg];
  const installed = json(join(root, 'node_modules', pkg, 'package.json')).version;
  const advice = `${pkg}: cohost uses its internals (${uses}); re-check them against the new version, then update the pin`;
  if (!pinned || !/^\d+\.\d+\.\d+$/.test(pinned)) {
    throw new Error(`${advice}. package.json must pin an exact version, found ${pinned ?? 'none'}`);
  }
  if (installed !== pinned) {
    throw new Error(`${advice}. package.json pins ${pinned}, ${installed ?? 'nothing'} is installed`);
  }
}
