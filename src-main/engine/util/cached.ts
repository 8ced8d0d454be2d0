/** Memoises an async loader per key, keeping the `size` most recent; a failed load is not kept. */
export function cached<K, V>(load: (key: K) => Promise<V>, size = 1): ((key: K) => Promise<V>) & { forget(key: K): void } {
  const entries = new Map<K, Promise<V>>();
  const get = (key: K): Promise<V> => {
    let value = entries.get(key);
    if (value) {
      entries.delete(key);
    } else {
      value = load(key);
      value.catch(() => entries.get(key) === value && entries.delete(key));
    }
    entries.set(key, value);
    while (entries.size > size) entries.delete(entries.keys().next().value as K);
    return value;
  };
  return Object.assign(get, { forget: (key: K) => void entries.delete(key) });
}
