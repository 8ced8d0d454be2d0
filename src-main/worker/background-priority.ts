import { getPriority, platform, setPriority } from 'node:os';

/** The nice value the engine thread runs at: below the UI, the host and the browser, well above idle. */
export const ENGINE_NICE = 10;

/**
 * Lowers the calling thread's CPU priority, so a sweep that keeps a core busy still leaves the UI, the host and the
 * browser their share and the page's frames stay short while runs stream. Only on Linux, where a nice value belongs
 * to a thread (setpriority(2), "NPTL"); elsewhere it would slow the whole process, which in Electron is the main
 * process, so it is left alone. A thread already nicer than this keeps its value. Returns whether it changed it.
 */
export function runAsBackgroundThread(os: string = platform()): boolean {
  if (os !== 'linux') return false;
  try {
    if (getPriority(0) >= ENGINE_NICE) return false;
    setPriority(0, ENGINE_NICE);
    return true;
  } catch {
    // Not allowed (a sandbox without setpriority): training just competes with the UI as any thread does.
    return false;
  }
}
