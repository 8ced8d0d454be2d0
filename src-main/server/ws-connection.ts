import type { WebSocket } from 'ws';
import { dispatchRequest } from '../../src-shared/api/dispatch';
import { parseWireRequest, type WireEvent, type WireReply } from '../../src-shared/api/wire';
import type { HostServices } from '../host/host-services';

/** Serves the contract over one socket: each request answered by id, every host event pushed, until it closes. */
export function serveConnection(socket: WebSocket, services: HostServices): void {
  const send = (frame: WireReply | WireEvent) => {
    if (socket.readyState === socket.OPEN) socket.send(JSON.stringify(frame));
  };
  const unsubscribe = services.events.subscribe(({ channel, payload }) => send({ event: channel, payload }));
  socket.on('message', (data, isBinary) => {
    const request = isBinary ? null : parseWireRequest(data.toString());
    // 1003 "unsupported data": a peer that does not speak the contract is a bug or an attack; either way, drop it.
    if (!request) return socket.close(1003, 'Not a LEENet request.');
    void dispatchRequest(services.handlers, request.channel, request.params).then((envelope) => send({ id: request.id, envelope }));
  });
  socket.on('close', unsubscribe);
  socket.on('error', unsubscribe);
}
