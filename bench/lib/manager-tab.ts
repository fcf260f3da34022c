/**
 * Serves a built tab for the register manager against a running list service, through the tab
 * server's same-origin proxy: what the bench and the browser fault tests open.
 */
import { demoManager } from '../../src/emulator';
import { startTabServer } from '../../src/server/tab-server';

/** Starts the tab server on a free port for `root` (a tab build), proxying `/sites/risk` to `listOrigin`. */
export function startManagerTab(root: string, listOrigin: string): ReturnType<typeof startTabServer> {
  return startTabServer({
    root,
    config: {
      host: 'local',
      siteUrl: '/sites/risk',
      demoPeople: [
        {
          name: demoManager.title,
          email: demoManager.email,
          jobTitle: '',
          role: 'manager',
          token: demoManager.token,
        },
      ],
    },
    proxyPath: '/sites/risk',
    proxyOrigin: listOrigin,
    port: 0,
  });
}
