/** What the host hands the worker at spawn time. */
export interface WorkerData {
  /** Test seam: a module URL exporting `engine: Engine`, used instead of the real engine. */
  engineModule?: string;
}
