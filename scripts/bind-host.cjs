/**
 * Preload (`node -r scripts/bind-host.cjs …`) for a tool that cannot be told where to listen: a
 * `listen(port[, callback])` without a host binds BIND_HOST instead of every interface. The Agents
 * Playground listens on every interface and has no option for it; locally it must stay on this machine.
 */
'use strict';
const net = require('node:net');

const host = process.env.BIND_HOST;
if (host) {
  const listen = net.Server.prototype.listen;
  net.Server.prototype.listen = function (...args) {
    const [first, second] = args;
    const portOnly = typeof first === 'number' || (typeof first === 'string' && /^\d+$/.test(first));
    if (portOnly && (second === undefined || typeof second === 'function')) {
      return listen.call(this, Number(first), host, ...args.slice(1));
    }
    return listen.apply(this, args);
  };
}
