import type { SafeStorage } from 'electron';
import type { SecretCipher } from '../host/queue-passwords';

export type SafeStorageLike = Pick<SafeStorage, 'isEncryptionAvailable' | 'encryptString' | 'decryptString' | 'getSelectedStorageBackend'>;

/**
 * The OS keyring as the host's cipher for saved queue passwords, or none where it would add nothing: no keyring at
 * all, or Linux's `basic_text` fallback, whose key is built into Chromium (no safer than the owner-only file, and
 * unreadable by browser mode). Called once the app is ready, as safeStorage requires.
 */
export function osSecrets(storage: SafeStorageLike, platform: NodeJS.Platform = process.platform): SecretCipher | undefined {
  if (!storage.isEncryptionAvailable()) return undefined;
  if (platform === 'linux' && storage.getSelectedStorageBackend() === 'basic_text') return undefined;
  return { encrypt: (text) => storage.encryptString(text), decrypt: (data) => storage.decryptString(data) };
}
