import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { queueSplitSchema } from '../../src-shared/api/queue-split';
import { atomicWriteFile } from '../engine/runs/atomic-write';
import { perKeyQueue } from '../engine/runs/per-key-queue';

/** The workspace's list of runs out on queues: a run submitted is found again after a restart, its result brought home. */
export const SUBMISSIONS_FILE = 'queue-submissions.json';

const submission = z.object({
  runId: z.string(),
  /** The BullMQ job of this submission (a run resumed later is a new job). */
  jobId: z.string(),
  url: z.string(),
  name: z.string().optional(),
  createdAt: z.string(),
  config: z.unknown(),
  resume: z.boolean(),
  /** Absent in lists written before a sweep's split could be chosen per run: the submitter's default. */
  split: queueSplitSchema.optional(),
});
export type Submission = z.infer<typeof submission>;

const inOrder = perKeyQueue();

async function read(file: string): Promise<Submission[]> {
  const text = await readFile(file, 'utf8').catch((e: NodeJS.ErrnoException) => (e.code === 'ENOENT' ? '[]' : Promise.reject(e)));
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = null;
  }
  const parsed = z.array(submission).safeParse(json);
  // A damaged list loses the bookkeeping of runs still out, never the runs: they stay in Redis until their TTL.
  return parsed.success ? parsed.data : [];
}

/** The submissions of one workspace, read and written in order. */
export function submissionsOf(workspace: string) {
  // Resolved: the key that keeps changes in order must be the same however the workspace is spelt.
  const file = path.resolve(workspace, SUBMISSIONS_FILE);
  // Its queue URLs may carry passwords: for the workspace's owner alone.
  const change = (edit: (list: Submission[]) => Submission[]) => inOrder(file, async () => atomicWriteFile(file, JSON.stringify(edit(await read(file)), null, 1), { mode: 0o600 }));
  return {
    list: () => inOrder(file, () => read(file)),
    add: (s: Submission) => change((list) => [...list.filter((x) => x.jobId !== s.jobId), s]),
    remove: (jobId: string) => change((list) => list.filter((x) => x.jobId !== jobId)),
  };
}
