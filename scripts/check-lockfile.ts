/**
 * `npm run check:lockfile`: the lock files install with `npm ci` on every operating system a council
 * developer uses. npm records a package's platform builds (`@swc/core-win32-x64-msvc`,
 * `@esbuild/darwin-arm64`, …) as optional dependencies and installs only the one that fits the
 * machine; `npm ci` on a machine whose build is missing from the lock file installs no binary at all
 * (swc, esbuild or the resolver then fail at first use). This check fails when any optional
 * dependency named by a package in the lock file has no entry of its own, and when one of the
 * platforms we support (Linux, macOS and Windows on x64 and arm64) has no build of a package that
 * ships per-platform builds.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

type LockEntry = {
  version?: string;
  optionalDependencies?: Record<string, string>;
  os?: string[];
  cpu?: string[];
  libc?: string[];
};
export type LockFile = { lockfileVersion?: number; packages?: Record<string, LockEntry> };

/** The platforms a council developer or build agent may run `npm ci` on. */
export const supportedPlatforms = [
  { os: 'linux', cpu: 'x64' },
  { os: 'linux', cpu: 'arm64' },
  { os: 'darwin', cpu: 'x64' },
  { os: 'darwin', cpu: 'arm64' },
  { os: 'win32', cpu: 'x64' },
  { os: 'win32', cpu: 'arm64' },
] as const;

export type LockProblem = { packagePath: string; problem: string };

/** Which `node_modules/...` path npm resolves `name` to from the package installed at `from`. */
function resolveFrom(packages: Record<string, LockEntry>, from: string, name: string): string | undefined {
  let base = from;
  for (;;) {
    const candidate = `${base ? `${base}/` : ''}node_modules/${name}`;
    if (packages[candidate]) return candidate;
    if (!base) return undefined;
    const cut = base.lastIndexOf('/node_modules/');
    base = cut < 0 ? '' : base.slice(0, cut);
  }
}

const fits = (list: string[] | undefined, value: string) =>
  !list || list.length === 0
    ? true
    : list.some((v) => v === value) || (list.every((v) => v.startsWith('!')) && !list.includes(`!${value}`));

/** Every problem that would leave some supported platform without a binary after `npm ci`. */
export function checkLockFile(lock: LockFile): LockProblem[] {
  const packages = lock.packages;
  if (!packages || (lock.lockfileVersion ?? 0) < 2) {
    return [
      { packagePath: '(lock file)', problem: 'has no "packages" section: regenerate it with npm 7 or later' },
    ];
  }
  const problems: LockProblem[] = [];
  for (const [packagePath, entry] of Object.entries(packages)) {
    const optional = Object.keys(entry.optionalDependencies ?? {});
    if (!optional.length) continue;
    const resolved: LockEntry[] = [];
    for (const name of optional) {
      const at = resolveFrom(packages, packagePath, name);
      if (!at) {
        problems.push({
          packagePath: packagePath || '(root)',
          problem: `optional dependency ${name} has no entry in the lock file`,
        });
      } else {
        resolved.push(packages[at]!);
      }
    }
    // Packages that fan out into per-platform builds: each supported platform needs one of them.
    const platformBuilds = resolved.filter((e) => e.os?.length || e.cpu?.length);
    if (platformBuilds.length < 2) continue;
    for (const platform of supportedPlatforms) {
      if (!platformBuilds.some((e) => fits(e.os, platform.os) && fits(e.cpu, platform.cpu))) {
        problems.push({
          packagePath: packagePath || '(root)',
          problem: `has no build for ${platform.os}-${platform.cpu} in the lock file`,
        });
      }
    }
  }
  return problems;
}

/** The lock files of the project: the main one and the SharePoint Framework toolchain's. */
export const lockFiles = ['package-lock.json', path.join('webparts', 'package-lock.json')];

if (require.main === module) {
  const root = path.join(__dirname, '..');
  let failed = false;
  for (const file of lockFiles) {
    const problems = checkLockFile(JSON.parse(readFileSync(path.join(root, file), 'utf8')) as LockFile);
    if (!problems.length) {
      console.log(`${file}: every platform's optional packages are present.`);
      continue;
    }
    failed = true;
    for (const p of problems) console.error(`${file}: ${p.packagePath} ${p.problem}`);
  }
  if (failed) {
    console.error(
      'Regenerate the lock file so npm records every platform build: remove the affected entries from ' +
        'package-lock.json and run `npm install` (npm resolves the optional dependencies for all platforms).',
    );
    process.exitCode = 1;
  }
}
