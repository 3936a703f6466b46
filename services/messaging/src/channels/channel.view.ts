import { WriteOnlyState, writeOnlyView } from './channel-secrets';
import { StoredChannel } from './channel.repository';

/** A channel as the API answers it: write-only fields left out of `config`, their state in `writeOnly`. */
export type ChannelView = StoredChannel & { writeOnly: Record<string, WriteOnlyState> };

/** The channel as the API shows it: write-only fields (secret, apiKey, auth.pass) are never returned, only `writeOnly` says whether each is set. */
export function channelView(channel: StoredChannel): ChannelView {
  return writeOnlyView(channel);
}
