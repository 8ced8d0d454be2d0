export type Scheduler = (callback: () => void) => void;

const nextFrame: Scheduler = (callback) => {
  if (typeof requestAnimationFrame === 'function') requestAnimationFrame(() => callback());
  else setTimeout(callback, 16);
};

/**
 * Collects items and hands them over together once per animation frame, so a burst of run events costs one render,
 * not one per event. A hidden page gets no frames: items wait, in order, until it is shown.
 */
export function frameBatcher<T>(flush: (items: T[]) => void, schedule: Scheduler = nextFrame): (item: T) => void {
  let pending: T[] = [];
  let scheduled = false;
  return (item) => {
    pending.push(item);
    if (scheduled) return;
    scheduled = true;
    schedule(() => {
      scheduled = false;
      const items = pending;
      pending = [];
      flush(items);
    });
  };
}
