import { inject, provide, shallowRef, type InjectionKey, type ShallowRef } from 'vue';

/** Where the pointer is on one of a panel's charts: x in data units (a step or seconds), and which chart. */
export interface CrosshairPosition {
  x: number;
  source: string;
}

const KEY: InjectionKey<ShallowRef<CrosshairPosition | null>> = Symbol('crosshair');

/** A panel whose charts share one crosshair: hovering one draws the line in all of them. */
export function provideCrosshair(): ShallowRef<CrosshairPosition | null> {
  const position = shallowRef<CrosshairPosition | null>(null);
  provide(KEY, position);
  return position;
}

/** The panel's shared crosshair; a chart outside such a panel gets one of its own. */
export function useCrosshair(): ShallowRef<CrosshairPosition | null> {
  return inject(KEY, () => shallowRef<CrosshairPosition | null>(null), true);
}
