import type { EventHub } from '../host/event-hub';

export interface EventTarget {
  isDestroyed(): boolean;
  send(channel: string, payload: unknown): void;
}

/** Host events go to the app's own windows only; returns the unsubscribe. */
export function forwardEvents(events: EventHub, targets: () => EventTarget[]): () => void {
  return events.subscribe(({ channel, payload }) => {
    for (const target of targets()) if (!target.isDestroyed()) target.send(channel, payload);
  });
}
