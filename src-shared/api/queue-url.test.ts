import { describe, expect, it } from 'vitest';
import { parseQueueUrl, redactQueueUrl } from './queue-url';

describe('parseQueueUrl', () => {
  it('reads host, port, database, password and TLS', () => {
    expect(parseQueueUrl(' redis://gpu-box:6380/2 ')).toEqual({ ok: true, target: { url: 'redis://gpu-box:6380/2', tls: false, host: 'gpu-box', port: 6380, db: 2 } });
    const tls = parseQueueUrl('rediss://lab:p%40ss@10.0.0.5');
    expect(tls.ok && tls.target).toMatchObject({ tls: true, host: '10.0.0.5', port: 6379, db: 0, username: 'lab', password: 'p@ss' });
    const passwordOnly = parseQueueUrl('redis://:secret@[::1]:7000');
    expect(passwordOnly.ok && passwordOnly.target).toMatchObject({ host: '::1', port: 7000, password: 'secret' });
    expect(passwordOnly.ok && passwordOnly.target.username).toBeUndefined();
  });

  it.each([
    ['', /Give the queue's Redis URL/],
    ['gpu-box:6379', /starts with redis:\/\/ or rediss:\/\//],
    ['http://gpu-box', /not http:\/\//],
    ['redis://', /not a URL|names no host/],
    ['redis://host:99999', /not a URL|not a port/],
    ['redis://host/db1', /not a Redis database number/],
    ['redis://host/16', /not a Redis database number/],
    ['redis://host?password=x', /takes no \?query/],
  ])('refuses %j and says how to mend it', (text, message) => {
    const check = parseQueueUrl(text);
    expect(check.ok).toBe(false);
    if (!check.ok) expect(check.error).toMatch(message);
  });

  it('never quotes a password back in its messages', () => {
    for (const text of ['redis://:s3cret@host:99999', 'redis://u:s3cret@host/db1', 'redis://:s3cret@host?x=1']) {
      const check = parseQueueUrl(text);
      expect(check.ok).toBe(false);
      if (!check.ok) expect(check.error).not.toContain('s3cret');
    }
  });
});

describe('redactQueueUrl', () => {
  it('never shows the password', () => {
    expect(redactQueueUrl('redis://:secret@host:6379')).toBe('redis://:***@host:6379');
    expect(redactQueueUrl('rediss://lab:secret@host:6380/3')).toBe('rediss://lab:***@host:6380/3');
    expect(redactQueueUrl('redis://host')).toBe('redis://host:6379');
    expect(redactQueueUrl('redis://u:secret@host:99999')).not.toContain('secret');
  });
});
