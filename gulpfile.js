/**
 * Build and package tasks. Each task runs a project script so the same step works from npm and gulp;
 * tasks are added as the build grows (tab bundle, service build, Teams zip, .sppkg, provisioning).
 */
const { series } = require('gulp');
const { spawn } = require('node:child_process');

/**
 * Runs `npm run <script>` and fails the task when it fails. gulp registers an exported task under its
 * displayName, so `name` must be the exported name (defaults to the script name).
 */
function npmRun(script, args = [], name = script) {
  const task = (done) => {
    const child = spawn('npm', ['run', '--silent', script, ...(args.length ? ['--', ...args] : [])], {
      stdio: 'inherit',
      shell: process.platform === 'win32',
    });
    child.on('exit', (code) => done(code === 0 ? undefined : new Error(`npm run ${script} exited ${code}`)));
  };
  task.displayName = name;
  return task;
}

exports.test = npmRun('test');
exports.default = series(exports.test);

/** The tab's production bundle (esbuild, code-split views) into dist/tab. */
exports['bundle-tab'] = npmRun('build:tab', [], 'bundle-tab');

/** Provisions the register lists on SHAREPOINT_SITE_URL (app-only certificate; see docs/deployment.md). */
function provision(done) {
  const site = process.env.SHAREPOINT_SITE_URL;
  if (!site) return done(new Error('SHAREPOINT_SITE_URL is not set: the register site to provision.'));
  return npmRun('provision', ['--site', site], 'provision')(done);
}

exports['bundle-service'] = npmRun('package:service', [], 'bundle-service');
exports['package-teams'] = npmRun('package:teams', [], 'package-teams');
exports['package-sppkg'] = npmRun('package:sppkg', [], 'package-sppkg');
exports.package = series(exports['package-teams'], exports['package-sppkg']);
exports.provision = provision;
