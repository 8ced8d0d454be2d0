import { onMounted, onUnmounted } from 'vue';

/** Subscribes once the component is mounted and undoes it when the component unmounts; `subscribe` returns the undo. */
export function useSubscription(subscribe: () => () => void): void {
  let off: (() => void) | null = null;
  onMounted(() => {
    off = subscribe();
  });
  onUnmounted(() => {
    off?.();
    off = null;
  });
}
