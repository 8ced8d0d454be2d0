import { describeConfigErrors, sweepConfigSchema } from '../../src-main/engine/config';
import type { ConfigCheck } from './models';

/** The boundary check for configs; pure, so the renderer can run it inline as the user types and hosts on start. */
export function checkConfig(raw: unknown): ConfigCheck {
  const parsed = sweepConfigSchema.safeParse(raw);
  return parsed.success ? { ok: true, config: parsed.data } : { ok: false, errors: describeConfigErrors(parsed.error) };
}
