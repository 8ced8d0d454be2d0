const two = (n: number) => String(n).padStart(2, '0');

/** A countdown or elapsed time: "45 s", "4 min 05 s", "2 h 03 min". Rounded once, then split: never "2 min 60 s". */
export function durationText(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  return m < 60 ? `${m} min ${two(s % 60)} s` : `${Math.floor(m / 60)} h ${two(m % 60)} min`;
}

/** An estimate, as precise as an estimate is: "45 s", "12 min", "3.4 h". */
export function roughDurationText(seconds: number): string {
  if (seconds < 90) return `${Math.max(1, Math.round(seconds))} s`;
  if (seconds < 5400) return `${Math.round(seconds / 60)} min`;
  return `${(seconds / 3600).toFixed(1)} h`;
}
