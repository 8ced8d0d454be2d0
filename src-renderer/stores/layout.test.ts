import { createPinia, setActivePinia } from 'pinia';
import { beforeEach, describe, expect, it } from 'vitest';
import { RUN_TABS, useLayoutStore } from './layout';

beforeEach(() => setActivePinia(createPinia()));

describe('layout store', () => {
  it('opens on the Overview, with the tabs in the order a run is read', () => {
    expect(useLayoutStore().tab).toBe('overview');
    expect(RUN_TABS).toEqual(['overview', 'training', 'frontier', 'exits', 'config']);
  });

  it('closes New sweep and shows Training when a run starts', () => {
    const layout = useLayoutStore();
    layout.showTab('config');
    layout.openNewSweep();
    expect(layout.newSweepOpen).toBe(true);
    layout.followRun();
    expect([layout.newSweepOpen, layout.tab]).toEqual([false, 'training']);
  });
});
