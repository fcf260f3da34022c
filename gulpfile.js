/**
 * Build and package tasks. Each task runs a project script so the same step works from npm and gulp;
 * tasks are added as the build grows (tab bundle, service build, Teams zip, .sppkg, provisioning).
 */
const { series } = require('gulp');
const { spawn } = require('node:child_process');

/** Runs `npm run <script>` and fails the task when it fails. */
function npmRun(script, args = []) {
  const task = (done) => {
    const child = spawn('npm', ['run', '--silent', script, ...(args.length ? ['--', ...args] : [])], {
      stdio: 'inherit',
      shell: process.platform === 'win32',
    });
    child.on('exit', (code) => done(code === 0 ? undefined : new Error(`npm run ${script} exited ${code}`)));
  };
  task.displayName = script;
  return task;
}

exports.test = npmRun('test');
exports.default = series(exports.test);

/** The tab's production bundle (esbuild, code-split views) into dist/tab. */
// gulp names an exported task by its displayName, so give it the exported name.
exports['bundle-tab'] = Object.assign(npmRun('build:tab'), { displayName: 'bundle-tab' });

/** Provisions the register lists on SHAREPOINT_SITE_URL (app-only certificate; see docs/deployment.md). */
function provision(done) {
  const site = process.env.SHAREPOINT_SITE_URL;
  if (!site) return done(new Error('SHAREPOINT_SITE_URL is not set: the register site to provision.'));
  return npmRun('provision', ['--site', site])(done);
}

exports['bundle-service'] = npmRun('package:service');
exports['package-teams'] = npmRun('package:teams');
exports['package-sppkg'] = npmRun('package:sppkg');
exports.package = series(exports['package-teams'], exports['package-sppkg']);
exports.provision = provision;
