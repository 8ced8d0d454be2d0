import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseQueueUrl } from '../../src-shared/api/queue-url';
import { PASSWORDS_FILE, queuePasswords, type SecretCipher } from './queue-passwords';

const tmp = () => mkdtempSync(path.join(os.tmpdir(), 'leenet-passwords-'));
/** A reversible cipher that leaves no password readable in the file, standing in for the OS keyring. */
const rot: SecretCipher = {
  encrypt: (text) => Buffer.from([...Buffer.from(text, 'utf8')].map((b) => b ^ 0x5a)),
  decrypt: (data) => Buffer.from([...data].map((b) => b ^ 0x5a)).toString('utf8'),
};

describe('queue passwords', () => {
  it('keeps the password on the host and gives the window the URL with it hidden; that URL connects with it', async () => {
    const workspace = tmp();
    const passwords = queuePasswords(workspace);
    const secret = 'p@ss:w/rd%20 ü';
    const typed = `rediss://lab:${encodeURIComponent(secret)}@GPU-box:6380/2`;
    const kept = await passwords.remember(typed);
    expect(kept).toBe('rediss://lab:***@GPU-box:6380/2');
    const full = await passwords.complete(kept);
    const target = parseQueueUrl(full);
    expect(target.ok && target.target).toMatchObject({ tls: true, host: 'GPU-box', port: 6380, db: 2, username: 'lab', password: secret });
    // Only its owner may read the file.
    expect(statSync(path.join(workspace, PASSWORDS_FILE)).mode & 0o777).toBe(0o600);
    // A URL with a password of its own, or none, goes as it is.
    expect(await passwords.complete('redis://:other@gpu:6379')).toBe('redis://:other@gpu:6379');
    expect(await passwords.complete('redis://gpu:6379')).toBe('redis://gpu:6379');
  });

  it('a URL pasted back as shown keeps the saved password; one without a password, or forget, drops it', async () => {
    const passwords = queuePasswords(tmp());
    await passwords.remember('redis://:pw@gpu:6379');
    expect(await passwords.remember('redis://:***@GPU:6379')).toBe('redis://:***@GPU:6379');
    expect(await passwords.complete('redis://:***@gpu:6379')).toBe('redis://:pw@gpu:6379');
    expect(await passwords.remember('redis://gpu:6379')).toBe('redis://gpu:6379');
    await expect(passwords.complete('redis://:***@gpu:6379')).rejects.toThrow('No password for redis://:***@gpu:6379 is saved on this machine: add the queue again with its password.');
    await passwords.remember('redis://:pw2@gpu:6379');
    await passwords.forget('redis://:***@gpu:6379');
    await expect(passwords.complete('redis://:***@gpu:6379')).rejects.toThrow(/No password .* is saved/);
    await expect(passwords.remember('http://gpu')).rejects.toThrow('A queue URL starts with redis:// or rediss:// (TLS), not http://.');
    // Pasted back as shown with nothing saved, it could never connect: refused, with what to do.
    await expect(passwords.remember('redis://:***@cpu:6379')).rejects.toThrow('No password for redis://:***@cpu:6379 is saved on this machine: add the queue again with its password.');
  });

  it('encrypted with the OS cipher where there is one: no password in the file, and a host without it says so', async () => {
    const workspace = tmp();
    await queuePasswords(workspace, rot).remember('redis://:topsecret@gpu:6379');
    const text = readFileSync(path.join(workspace, PASSWORDS_FILE), 'utf8');
    expect(text).not.toContain('topsecret');
    expect(await queuePasswords(workspace, rot).complete('redis://:***@gpu:6379')).toBe('redis://:topsecret@gpu:6379');
    // Browser mode on the same workspace has no keyring: it says what to do instead of connecting without.
    await expect(queuePasswords(workspace).complete('redis://:***@gpu:6379')).rejects.toThrow('The password of redis://:***@gpu:6379 was saved encrypted by the desktop app and cannot be read here: add the queue again with its password.');
    // Another queue saved there leaves it as it was, for the desktop app to use.
    await queuePasswords(workspace).remember('redis://:other@cpu:6379');
    expect(await queuePasswords(workspace, rot).complete('redis://:***@gpu:6379')).toBe('redis://:topsecret@gpu:6379');
    expect(await queuePasswords(workspace, rot).complete('redis://:***@cpu:6379')).toBe('redis://:other@cpu:6379');
    // The same queue saved there again takes the new password, in the clear (0600) since it has no cipher.
    await queuePasswords(workspace).remember('redis://:new@gpu:6379');
    expect(await queuePasswords(workspace).complete('redis://:***@gpu:6379')).toBe('redis://:new@gpu:6379');
  });

  it('a damaged file loses the saved passwords, with a message saying to add the queue again', async () => {
    const workspace = tmp();
    writeFileSync(path.join(workspace, PASSWORDS_FILE), '{not json');
    await expect(queuePasswords(workspace).complete('redis://:***@gpu:6379')).rejects.toThrow(/No password .* is saved on this machine/);
    await queuePasswords(workspace).remember('redis://:pw@gpu:6379');
    expect(await queuePasswords(workspace).complete('redis://:***@gpu:6379')).toBe('redis://:pw@gpu:6379');
  });
});
