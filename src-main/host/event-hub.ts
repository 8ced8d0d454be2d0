import type { EventChannel } from '../../src-shared/api/channels';
import type { EventMap } from '../../src-shared/api/requests';

/** One event as hosts forward it: its channel and payload, kept paired for the type checker. */
export type HostEvent = { [C in EventChannel]: { channel: C; payload: EventMap[C] } }[EventChannel];

export interface EventHub {
  emit(event: HostEvent): void;
  /** Returns the unsubscribe. */
  subscribe(listener: (event: HostEvent) => void): () => void;
}

/** Fan-out from the services to every connected UI; a throwing listener (a closed window) cannot starve the others. */
export function createEventHub(onListenerError: (error: unknown) => void = () => undefined): EventHub {
  const listeners = new Set<(event: HostEvent) => void>();
  return {
    emit(event) {
      for (const listener of [...listeners]) {
        try {
          listener(event);
        } catch (e) {
          onListenerError(e);
        }
      }
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
