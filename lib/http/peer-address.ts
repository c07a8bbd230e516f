import 'server-only';
/**
 * The address a request really came from, for the write audit line and per-client limits. A
 * route handler only sees a `Request`; Next fills `X-Forwarded-For` from the socket only when the
 * client did not send one, so that header is whatever the client chose.
 *
 * Contract: `stampPeerAddresses` (called once, from the server's start-up hook) makes every
 * HTTP server in this process overwrite the `x-switchboard-peer` request header with the
 * socket's remote address before any handler runs, so a client can never set it; `peerAddress`
 * reads it back (undefined when the process was not stamped, e.g. a route called in a test).
 * Nothing else about the request is touched.
 */
import http from 'node:http';

export const PEER_HEADER = 'x-switchboard-peer';

const STAMPED = Symbol.for('switchboard.peer-address-stamp');

export function stampPeerAddresses(): void {
  const proto = http.Server.prototype as http.Server & { [STAMPED]?: true };
  if (proto[STAMPED]) return;
  proto[STAMPED] = true;
  const emit = proto.emit;
  proto.emit = function (this: http.Server, event: string | symbol, ...args: unknown[]) {
    if (event === 'request') {
      const request = args[0] as http.IncomingMessage;
      request.headers[PEER_HEADER] = request.socket.remoteAddress ?? '';
    }
    return Reflect.apply(emit, this, [event, ...args]) as boolean;
  } as typeof proto.emit;
}

export function peerAddress(request: Request): string | undefined {
  return request.headers.get(PEER_HEADER) || undefined;
}
