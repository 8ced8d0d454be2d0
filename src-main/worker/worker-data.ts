/** What the host hands the worker at spawn time. */
export interface WorkerData {
  /**
   * One Int32 the host sets to a job's `seq` to stop it: readable by the worker while its event loop is busy,
   * which a message is not.
   */
  control: SharedArrayBuffer;
  /** Test seam: a module URL exporting `engine: Engine`, used instead of the real engine. */
  engineModule?: string;
  /** Task mode: serve engine tasks (see task-worker.ts) instead of sweep jobs. */
  tasks?: boolean;
}
