import type { Job as BullJob } from 'bullmq';
import type { SweepJobResult } from './job-data';
import type { WorkerEnv } from './job-engine';

export async function processShard(_env: WorkerEnv, _bull: BullJob, _token: string): Promise<SweepJobResult> {
  throw new Error('not yet');
}
