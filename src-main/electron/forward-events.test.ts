import { describe, expect, it } from 'vitest';
import { createEventHub } from '../host/event-hub';
import { forwardEvents } from './forward-events';

describe('forwardEvents', () => {
  it('sends host events to live app windows only, until unsubscribed', () => {
    const hub = createEventHub();
    const sent: string[] = [];
    const live = { isDestroyed: () => false, send: (c: string) => sent.push(`live ${c}`) };
    const dead = { isDestroyed: () => true, send: (c: string) => sent.push(`dead ${c}`) };
    const off = forwardEvents(hub, () => [live, dead]);
    hub.emit({ channel: 'event:menu-export', payload: { format: 'png' } });
    off();
    hub.emit({ channel: 'event:menu-export', payload: { format: 'svg' } });
    expect(sent).toEqual(['live event:menu-export']);
  });
});
