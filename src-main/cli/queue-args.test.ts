import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseSweepArgs } from './sweep-args';
import { UsageError } from './usage-error';

const bin = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'bin', 'leenet.mjs');
const tmp = (p: string) => mkdtempSync(path.join(os.tmpdir(), p));

/**
 * The queue's command-line mistakes, on the real `leenet`: exit code 2, one line on stderr starting `leenet:` that
 * says what to mend, nothing on stdout, nothing started (no worker connects, no sweep writes a run).
 */
const ROWS: { name: string; args: string[]; env?: NodeJS.ProcessEnv; says: RegExp }[] = [
  { name: 'worker without --queue', args: ['worker'], says: /^leenet: Give the queue to serve: --queue redis:\/\/host:6379, or set LEENET_QUEUE \(see: leenet worker --help\)\.$/ },
  { name: 'worker with a bad $LEENET_QUEUE', args: ['worker'], env: { LEENET_QUEUE: 'lab:6379' }, says: /^leenet: \$LEENET_QUEUE: .*redis:\/\// },
  { name: 'worker with an http URL', args: ['worker', '--queue', 'http://lab:6379'], says: /^leenet: --queue: A queue URL starts with redis:\/\/ or rediss:\/\/ \(TLS\), not http:\/\/\.$/ },
  { name: 'worker with a URL without a host', args: ['worker', '--queue', 'redis://'], says: /^leenet: --queue: .*(no host|not a URL)/ },
  { name: 'worker with --concurrency 0', args: ['worker', '--queue', 'redis://127.0.0.1:1', '--concurrency', '0'], says: /^leenet: --concurrency: "0" is not a positive whole number\.$/ },
  { name: 'worker with --lock-seconds x', args: ['worker', '--queue', 'redis://127.0.0.1:1', '--lock-seconds', 'x'], says: /^leenet: --lock-seconds: "x" is not a positive whole number\.$/ },
  { name: 'worker with a stray argument', args: ['worker', '--queue', 'redis://127.0.0.1:1', 'now'], says: /^leenet: Unexpected argument "now" \(see: leenet worker --help\)\.$/ },
  { name: 'worker with an unknown flag', args: ['worker', '--queue', 'redis://127.0.0.1:1', '--threads', '2'], says: /^leenet: Unknown option '--threads'.*\(see: leenet worker --help\)$/ },
  { name: 'sweep --shards without --queue', args: ['sweep', '--shards', '2'], says: /^leenet: --shards and --no-alpha-fan-out go with --queue URL\.$/ },
  { name: 'sweep --no-alpha-fan-out without --queue', args: ['sweep', '--no-alpha-fan-out'], says: /^leenet: --shards and --no-alpha-fan-out go with --queue URL\.$/ },
  { name: 'sweep --queue http://x', args: ['sweep', '--queue', 'http://x'], says: /^leenet: --queue: A queue URL starts with redis:\/\/ or rediss:\/\/ \(TLS\), not http:\/\/\.$/ },
  { name: 'resume --shards without --queue', args: ['resume', 'r-some-run', '--shards', '2'], says: /^leenet: --shards and --no-alpha-fan-out go with --queue URL\.$/ },
  { name: 'resume --queue http://x', args: ['resume', 'r-some-run', '--queue', 'http://x'], says: /^leenet: --queue: A queue URL starts with redis:\/\/ or rediss:\/\/ \(TLS\), not http:\/\/\.$/ },
  { name: 'sweep --queue with --shards 0', args: ['sweep', '--queue', 'redis://127.0.0.1:1', '--shards', '0'], says: /^leenet: --shards: Between 1 and 256 \(got 0\)\.$/ },
];

describe('leenet worker and sweep --queue: usage errors', () => {
  it.each(ROWS)('$name → exit 2 with one clear line', ({ args, env, says }) => {
    const workspace = tmp('leenet-ws-');
    const r = spawnSync(process.execPath, [bin, ...args, '--workspace', workspace], { encoding: 'utf8', timeout: 60_000, env: { ...process.env, LEENET_QUEUE: '', LEENET_CACHE: tmp('leenet-cache-'), ...env } });
    expect(r.status, r.stderr).toBe(2);
    expect(r.stdout).toBe('');
    const lines = r.stderr.trim().split('\n');
    expect(lines, r.stderr).toHaveLength(1);
    expect(lines[0]).toMatch(says);
    expect(readdirSync(workspace)).toEqual([]);
  });
});

describe('parseSweepArgs: the queue flags', () => {
  it('reads --queue, --shards and --no-alpha-fan-out; the URL is kept as typed (trimmed)', () => {
    expect(parseSweepArgs(['--queue', ' redis://:pw@lab:6380/2 ', '--shards', '4', '--no-alpha-fan-out']).queue).toEqual({ url: 'redis://:pw@lab:6380/2', split: { featureShards: 4, fanOutAlphas: false } });
    expect(parseSweepArgs(['--queue', 'rediss://lab']).queue).toEqual({ url: 'rediss://lab', split: { featureShards: 1, fanOutAlphas: true } });
    expect(parseSweepArgs([]).queue).toBeUndefined();
  });

  it.each([
    [['--shards', '2'], /^--shards and --no-alpha-fan-out go with --queue URL\.$/],
    [['--queue', 'http://x'], /^--queue: A queue URL starts with redis:\/\//],
    [['--queue', ''], /^--queue: Give the queue's Redis URL/],
    [['--queue', 'redis://lab', '--shards', '257'], /^--shards: Between 1 and 256 \(got 257\)\.$/],
    [['--queue', 'redis://lab', '--shards', 'two'], /^--shards: "two" is not a whole number of shards\.$/],
    [['--queue', 'redis://lab/99'], /^--queue: "\/99" is not a Redis database number/],
  ])('%j → a usage error', (args, says) => {
    let error: unknown = null;
    try {
      parseSweepArgs(args);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(UsageError);
    expect((error as UsageError).message).toMatch(says);
  });
});
