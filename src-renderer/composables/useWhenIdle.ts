import { onBeforeUnmount, onMounted } from 'vue';
import { whenIdle } from '../charts/when-idle';

/** Runs `task` once the page is idle after the component mounted, unless the component has gone by then. */
export function useWhenIdle(task: () => void): void {
  let alive = true;
  onMounted(() => whenIdle(() => alive && task()));
  onBeforeUnmount(() => {
    alive = false;
  });
}
