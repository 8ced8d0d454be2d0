import { describe, expect, it } from 'vitest';
import { osSecrets, type SafeStorageLike } from './os-secrets';

/** safeStorage as Electron gives it, with a keyring of this backend (the real one needs the Electron binary). */
function storage(available: boolean, backend: ReturnType<SafeStorageLike['getSelectedStorageBackend']>): SafeStorageLike {
  return {
    isEncryptionAvailable: () => available,
    getSelectedStorageBackend: () => backend,
    encryptString: (text) => Buffer.from(`enc:${text}`),
    decryptString: (data) => data.toString().replace(/^enc:/, ''),
  };
}

describe('the OS keyring for saved queue passwords', () => {
  it('encrypts with the keyring where there is a real one', () => {
    for (const [platform, backend] of [['linux', 'gnome_libsecret'], ['darwin', 'unknown'], ['win32', 'unknown']] as const) {
      const cipher = osSecrets(storage(true, backend), platform);
      expect(cipher?.decrypt(cipher.encrypt('pw'))).toBe('pw');
      expect(cipher?.encrypt('pw').toString()).toBe('enc:pw');
    }
  });

  it('none without a keyring, or with Linux’s built-in-key fallback', () => {
    expect(osSecrets(storage(false, 'gnome_libsecret'), 'linux')).toBeUndefined();
    expect(osSecrets(storage(true, 'basic_text'), 'linux')).toBeUndefined();
  });
});
