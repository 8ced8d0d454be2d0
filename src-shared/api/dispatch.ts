import { isRequestChannel, type RequestChannel } from './channels';
import { describeConfigErrors } from '../../src-main/engine/config';
import { RequestError, type Envelope } from './envelope';
import { PARAMS, type ParsedParams, type RequestReturn } from './requests';
import { errorMessage } from '../../src-main/engine/util/error-message';

/** What every host implements: one async function per request channel, no more, no fewer. */
export type Handlers = { [C in RequestChannel]: (params: ParsedParams<C>) => Promise<RequestReturn<C>> };

function fail(message: string, fields?: Record<string, string>): Envelope<never> {
  return { ok: false, error: fields ? { message, fields } : { message } };
}

/**
 * The one entry every transport calls: checks the channel and its parameters, runs the handler and turns the
 * outcome into an envelope. Unexpected errors keep their message but not their stack (the UI shows the message).
 */
export async function dispatchRequest(handlers: Handlers, channel: unknown, rawParams: unknown): Promise<Envelope<unknown>> {
  if (!isRequestChannel(channel)) return fail(`Unknown request "${String(channel)}".`);
  const parsed = PARAMS[channel].safeParse(rawParams);
  if (!parsed.success) return fail(`Invalid parameters for ${channel}.`, describeConfigErrors(parsed.error));
  const handler = handlers[channel] as (params: unknown) => Promise<unknown>;
  try {
    return { ok: true, value: await handler(parsed.data) };
  } catch (e) {
    if (e instanceof RequestError) return fail(e.message, e.fields);
    return fail(errorMessage(e));
  }
}
