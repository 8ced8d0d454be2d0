/** Seconds per phase of a run (`data`, `features`, `heads`, `gates`, …), as `run.json` keeps them. */
export type Timings = Record<string, number>;

/**
 * Phase by phase, the seconds of several sessions added up: a resumed run's timings are those of every session it
 * ran in, and a fanned-out run's include its α jobs' on other workers.
 */
export function addTimings(...parts: Timings[]): Timings {
  const sum: Timings = {};
  for (const part of parts) for (const [phase, seconds] of Object.entries(part)) sum[phase] = (sum[phase] ?? 0) + seconds;
  return sum;
}

/** What a session spent on top of the timings it started from (its own share of `after`, the summed timings). */
export function timingsSince(before: Timings, after: Timings): Timings {
  const spent: Timings = {};
  for (const [phase, seconds] of Object.entries(after)) {
    const own = seconds - (before[phase] ?? 0);
    if (own > 0) spent[phase] = own;
  }
  return spent;
}
