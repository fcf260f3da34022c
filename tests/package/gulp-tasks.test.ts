import { execFileSync } from 'node:child_process';
import path from 'node:path';

describe('gulpfile', () => {
  it('registers every build and package task under the name the README and deployment guide use', () => {
    const root = path.resolve(__dirname, '../..');
    const out = execFileSync(
      process.execPath,
      [path.join(root, 'node_modules/gulp/bin/gulp.js'), '--tasks-simple'],
      {
        cwd: root,
        encoding: 'utf8',
      },
    );
    const tasks = out.split('\n').map((t) => t.trim());
    for (const name of [
      'bundle-tab',
      'bundle-service',
      'package-teams',
      'package-sppkg',
      'package',
      'provision',
    ])
      expect(tasks).toContain(name);
  });
});
