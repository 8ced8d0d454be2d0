import type { Handlers } from '../../src-shared/api/dispatch';
import type { EventHub } from './event-hub';

/** What a transport (Electron IPC, the WebSocket server, a test) needs from the host: requests in, events out. */
export interface HostServices {
  handlers: Handlers;
  events: EventHub;
  /** Stops the worker and refuses further runs. */
  close(): Promise<void>;
}
