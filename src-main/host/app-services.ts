import type { HostKind } from '../../src-shared/api/models';
import { WorkerClient } from '../worker/worker-client';
import { TaskWorker } from '../worker/task-worker';
import type { SaveExport } from './exports';
import type { HostServices } from './host-services';
import type { SecretCipher } from './queue-passwords';
import { createHostServices } from './services';

export interface AppServicesOptions {
  workspace: string;
  host: HostKind;
  version: string;
  saveExport?: SaveExport;
  chooseModelFolder?: (suggestedName: string) => Promise<string | null>;
  secrets?: SecretCipher;
  backend?: string;
  cacheDir?: string;
  /** The worker script, where the caller knows it better (the bundled Electron main does). */
  workerEntry?: URL;
}

/** The services with the real training worker behind them: what Electron and `leenet serve` run. */
export function createAppServices(options: AppServicesOptions): HostServices {
  const { workerEntry, ...rest } = options;
  const tasks = new TaskWorker(workerEntry);
  const services = createHostServices({ ...rest, worker: new WorkerClient({ entry: workerEntry }), runTask: tasks.run });
  return {
    ...services,
    close: async () => {
      await Promise.all([services.close(), tasks.close()]);
    },
  };
}
