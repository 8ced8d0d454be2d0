/** A copy of the record without one key, so a store replaces its object and Vue sees one change. */
export function omitKey<V, K extends string>(record: Partial<Record<K, V>>, key: K): Partial<Record<K, V>> {
  return Object.fromEntries(Object.entries(record).filter(([k]) => k !== key)) as Partial<Record<K, V>>;
}
