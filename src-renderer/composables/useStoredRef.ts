import { useStorage, type RemovableRef } from '@vueuse/core';

/**
 * A ref kept in localStorage under `key` (VueUse's useStorage): read once when made, through `restore` (which gets
 * null when nothing is stored, and must turn junk into a default), and written as soon as it changes. Other windows'
 * writes are not followed: each window keeps what it read.
 */
export function useStoredRef<T>(key: string, restore: (text: string | null) => T, save: (value: T) => string): RemovableRef<T> {
  return useStorage<T>(key, restore(null), undefined, {
    serializer: { read: restore, write: save },
    listenToStorageChanges: false,
    writeDefaults: false,
    flush: 'sync',
  });
}
