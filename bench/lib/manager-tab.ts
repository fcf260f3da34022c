/**
 * Serves a built tab for the register manager against a running list service, through the tab
 * server's same-origin proxy: what the bench and the browser fault tests open.
 */
import { demoManager, type ListService } from '../../src/emulator';
import { startTabServer } from '../../src/server/tab-server';

/**
 * Starts the tab server on a free port for `root` (a tab build), proxying `/sites/risk` to the list
 * service, which is told to answer the tab's origin (it refuses every other browser origin).
 */
export async function startManagerTab(
  root: string,
  list: Pick<ListService, 'origin' | 'allowOrigin'>,
): ReturnType<typeof startTabServer> {
  const server = await startTabServer({
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
    proxyOrigin: list.origin,
    port: 0,
  });
  list.allowOrigin(new URL(server.url).origin);
  return server;
}
