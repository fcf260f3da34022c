import { readFileSync } from 'node:fs';
import path from 'node:path';
import { checkLockFile, lockFiles, type LockFile } from '../../scripts/check-lockfile';

const root = path.join(__dirname, '..', '..');
const read = (file: string) => JSON.parse(readFileSync(path.join(root, file), 'utf8')) as LockFile;

describe('lock files install with npm ci on Linux, macOS and Windows (x64 and arm64)', () => {
  it.each(lockFiles)('%s names every optional platform package it needs', (file) => {
    expect(checkLockFile(read(file))).toEqual([]);
  });

  it('fails when one platform build is missing (@swc/core-win32-x64-msvc)', () => {
    const lock = read('package-lock.json');
    expect(lock.packages!['node_modules/@swc/core-win32-x64-msvc']).toBeDefined();
    delete lock.packages!['node_modules/@swc/core-win32-x64-msvc'];
    expect(checkLockFile(lock)).toEqual(
      expect.arrayContaining([
        {
          packagePath: 'node_modules/@swc/core',
          problem: 'optional dependency @swc/core-win32-x64-msvc has no entry in the lock file',
        },
        { packagePath: 'node_modules/@swc/core', problem: 'has no build for win32-x64 in the lock file' },
      ]),
    );
  });

  it('fails when a supported platform has no build at all, even if nothing names it', () => {
    const lock = read('package-lock.json');
    const esbuild = lock.packages!['node_modules/esbuild']!;
    for (const name of Object.keys(esbuild.optionalDependencies ?? {})) {
      if (name.includes('darwin')) {
        delete esbuild.optionalDependencies![name];
        delete lock.packages![`node_modules/${name}`];
      }
    }
    const problems = checkLockFile(lock).filter((p) => p.packagePath === 'node_modules/esbuild');
    expect(problems.map((p) => p.problem)).toEqual([
      'has no build for darwin-x64 in the lock file',
      'has no build for darwin-arm64 in the lock file',
    ]);
  });

  it('refuses a lock file without a packages section', () => {
    expect(checkLockFile({ lockfileVersion: 1 })).toEqual([
      { packagePath: '(lock file)', problem: expect.stringContaining('no "packages" section') },
    ]);
  });
});
