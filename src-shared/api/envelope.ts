/**
 * Every answer crosses a host as an envelope, never as a thrown error: Electron would flatten a thrown error into
 * "Error invoking remote method …", and a WebSocket cannot throw at all. The client unwraps it into a `LeenetError`.
 */
export interface ErrorInfo {
  message: string;
  /** One message per wrong field, keyed by its path (`config.alphas`), for inline form errors. */
  fields?: Record<string, string>;
}

export type Envelope<T> = { ok: true; value: T } | { ok: false; error: ErrorInfo };

export class LeenetError extends Error {
  readonly fields: Record<string, string>;

  constructor(info: ErrorInfo) {
    super(info.message);
    this.name = 'LeenetError';
    this.fields = info.fields ?? {};
  }
}

/** A failure the user caused (bad field, unknown run) rather than a bug; hosts send its fields to the UI. */
export class RequestError extends Error {
  constructor(
    message: string,
    readonly fields?: Record<string, string>,
  ) {
    super(message);
    this.name = 'RequestError';
  }
}

export function unwrap<T>(envelope: Envelope<T>): T {
  if (envelope.ok) return envelope.value;
  throw new LeenetError(envelope.error);
}

export function isEnvelope(value: unknown): value is Envelope<unknown> {
  if (typeof value !== 'object' || value === null || !('ok' in value)) return false;
  return value.ok === true ? 'value' in value : value.ok === false && 'error' in value;
}
