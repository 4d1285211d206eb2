// Preloaded into the Agents Playground (node -r ./loopback.js) so every server it opens listens on
// 127.0.0.1 only: the playground itself binds all interfaces and has no option for it.
const net = require('net');
const orig = net.Server.prototype.listen;
net.Server.prototype.listen = function (...args) {
  if (typeof args[0] === 'number' || typeof args[0] === 'string' && /^\d+$/.test(args[0])) {
    const port = args.shift();
    const cb = args.find(a => typeof a === 'function');
    return orig.call(this, { port: Number(port), host: '127.0.0.1' }, cb);
  }
  if (args[0] && typeof args[0] === 'object' && !args[0].host && args[0].port !== undefined) args[0] = { ...args[0], host: '127.0.0.1' };
  return orig.apply(this, args);
};
