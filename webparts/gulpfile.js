'use strict';
/**
 * SharePoint Framework 1.21.1 build. One addition to the generated file: 'register-app' resolves to
 * the esbuild bundle of the register app (build/webpart-app/register-app.js and its chunks/, made by
 * scripts/package-sppkg.ts from ../src), so the app's React 18, Fluent UI v9 and PnPjs come from the
 * main project unchanged. The app's `import()` calls become webpack chunks that SPFx loads on demand.
 */
const path = require('path');
const fs = require('fs');
const build = require('@microsoft/sp-build-web');

build.addSuppression(
  `Warning - [sass] The local CSS class 'ms-Grid' is not camelCase and will not be type-safe.`,
);
// The web part bundle (React, Fluent UI, the register's first screen) and the chunks of the Word and
// Excel libraries are larger than webpack's default hint by design.
build.addSuppression(/Warning - \[webpack\] 'dist':.*(size limit|performance)/);
// esbuild's `__require` shim (in the app bundle or one of its chunks) mentions `require` indirectly;
// webpack flags it although nothing calls it (every dependency is bundled as ESM).
build.addSuppression(
  /Warning - \[webpack\] 'dist':\s*(\.\.\/build\/webpart-app\/[\w/.-]+\.js:[\d:-]+: Critical dependency: require function is used in a way in which dependencies cannot be statically extracted\s*)+$/,
);

const appBundle = path.join(__dirname, '..', 'build', 'webpart-app', 'register-app.js');

build.configureWebpack.mergeConfig({
  additionalConfiguration: (config) => {
    if (!fs.existsSync(appBundle)) {
      throw new Error(
        `${appBundle} is missing: build it first with \`npm run package:sppkg\` (or \`npx tsx scripts/package-sppkg.ts --app-only\`) in the main project.`,
      );
    }
    config.resolve = config.resolve || {};
    config.resolve.alias = Object.assign({}, config.resolve.alias, { 'register-app': appBundle });
    config.performance = Object.assign({}, config.performance, { hints: false });
    return config;
  },
});

const getTasks = build.rig.getTasks;
build.rig.getTasks = function () {
  const result = getTasks.call(build.rig);
  result.set('serve', result.get('serve-deprecated'));
  return result;
};

build.initialize(require('gulp'));
