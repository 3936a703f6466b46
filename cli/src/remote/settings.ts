import { flag, UsageError, type ParsedArgs } from '../args';
import type { CliIo } from '../io';
import { CairnClient } from './client';

/** `--url` / `--admin-key`, else CAIRN_URL / CAIRN_ADMIN_KEY. */
export function clientFrom(args: ParsedArgs, io: CliIo): CairnClient {
  const url = flag(args, 'url') ?? io.env.CAIRN_URL;
  const adminKey = flag(args, 'admin-key') ?? io.env.CAIRN_ADMIN_KEY;
  if (!url) throw new UsageError(`cairn ${args.command} needs the server: --url http://localhost:3000 (or CAIRN_URL)`);
  if (!adminKey) throw new UsageError(`cairn ${args.command} needs an admin key: --admin-key KEY (or CAIRN_ADMIN_KEY)`);
  if (!/^https?:\/\//.test(url)) throw new UsageError(`--url must be an http or https URL, not ${JSON.stringify(url)}`);
  return new CairnClient({ url, adminKey });
}
