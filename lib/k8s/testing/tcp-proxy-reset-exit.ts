/**
 * A process for lib/k8s/testing/tcp-proxy.test.ts: connections through the fault proxy whose
 * target ends them (FIN), each reset by `resetAll()` just after the proxy's side has ended itself
 * in answer and before its shutdown is done — the moment a `drop` or `replaced` fault of the
 * soak can hit. Then everything is closed and the process must end by itself. It prints one JSON
 * line: how many resets met a side that had ended, and the socket errors seen.
 * Test support only: run as its own process, since what it checks is that the process ends.
 */
import net from 'node:net';
import { TcpProxy } from './tcp-proxy';

const CONNECTIONS = 5;
const accepted = new Set<net.Socket>();
const target = net.createServer({ allowHalfOpen: true }, (socket) => {
  accepted.add(socket);
  socket.on('error', () => undefined);
  socket.on('close', () => accepted.delete(socket));
  socket.resume();
  socket.end();
});
await new Promise<void>((resolve) => target.listen(0, '127.0.0.1', resolve));
const targetPort = (target.address() as net.AddressInfo).port;
const proxy = new TcpProxy('127.0.0.1', targetPort);
await proxy.start();

// The proxy's own sockets are not reachable from outside; their events are. When the proxy's
// upstream socket hears the target's FIN, Node ends that socket on later ticks; a microtask
// queued now runs once those ticks have run, before the shutdown they started is done.
let metEnded = 0;
const errors: string[] = [];
const emit = net.Socket.prototype.emit;
net.Socket.prototype.emit = function (
  this: net.Socket,
  event: string | symbol,
  ...args: unknown[]
) {
  if (event === 'end' && this.remotePort === targetPort) {
    queueMicrotask(() => {
      if (this.writableEnded && !this.writableFinished) metEnded++;
      proxy.resetAll();
    });
  }
  if (event === 'error') errors.push((args[0] as Error).message);
  return Reflect.apply(emit, this, [event, ...args]) as boolean;
} as typeof emit;

for (let i = 0; i < CONNECTIONS; i++) {
  const client = net.connect(proxy.port, '127.0.0.1');
  client.on('error', () => undefined);
  client.resume();
  await new Promise((resolve) => client.once('close', resolve));
}
net.Socket.prototype.emit = emit;
await proxy.stop();
for (const socket of accepted) socket.destroy();
await new Promise((resolve) => target.close(resolve));
console.log(JSON.stringify({ connections: CONNECTIONS, metEnded, errors }));
