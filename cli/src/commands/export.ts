import { flag, folderArg, onlyFlags, switchOn, UsageError, type ParsedArgs } from '../args';
import { POLICY_FILE } from '../files/load-folder';
import { existingResourceFiles, writeFolder, type FileFormat, type FileToWrite } from '../files/write-folder';
import { EXIT, type CliIo } from '../io';
import { readRemote, type RemoteChannel, type RemoteState } from '../remote/read-remote';
import { clientFrom } from '../remote/settings';

const JOURNEY_ORDER = ['key', 'name', 'description', 'entry', 'reentry', 'exitOn', 'goal', 'holdout', 'start', 'steps'];
const STEP_ORDER = ['type'];

/** The same object with `first` keys in that order, then the rest alphabetically (the server's JSON has its own order). */
function ordered(value: Record<string, unknown>, first: readonly string[]): Record<string, unknown> {
  const keys = [
    ...first.filter((k) => k in value),
    ...Object.keys(value)
      .filter((k) => !first.includes(k))
      .sort(),
  ];
  return Object.fromEntries(keys.filter((k) => value[k] !== undefined).map((k) => [k, value[k]]));
}

/** `CAIRN_CHANNEL_<KEY>_<FIELD>`: the variable an exported channel names for a secret the server never answers. */
export function secretVariable(channelKey: string, path: string): string {
  const field = path.replace(/^config\./, '');
  return `CAIRN_CHANNEL_${channelKey}_${field}`.toUpperCase().replace(/[^A-Z0-9]+/g, '_');
}

function setAt(config: Record<string, unknown>, parts: string[], value: unknown): Record<string, unknown> {
  const [head, ...rest] = parts;
  if (rest.length === 0) return { ...config, [head]: value };
  const inner = typeof config[head] === 'object' && config[head] !== null ? (config[head] as Record<string, unknown>) : {};
  return { ...config, [head]: setAt(inner, rest, value) };
}

/** The channel with each secret the server holds written as a `${…}` reference. */
function channelFile(c: RemoteChannel, variables: string[]): Record<string, unknown> {
  let config = c.config;
  for (const [path, state] of Object.entries(c.writeOnly)) {
    if (state === 'unset' || !path.startsWith('config.')) continue;
    const variable = secretVariable(c.key, path);
    variables.push(variable);
    config = setAt(config, path.slice('config.'.length).split('.'), `\${${variable}}`);
  }
  return { key: c.key, type: c.type, config };
}

export function exportFiles(remote: RemoteState, variables: string[]): FileToWrite[] {
  const files: FileToWrite[] = [];
  for (const s of remote.segments.values()) files.push({ name: `segments/${s.key}`, body: ordered({ ...s }, ['key', 'name', 'description', 'condition']) });
  for (const j of remote.journeys.values()) {
    const steps = Object.fromEntries(Object.entries(j.draft.steps).map(([id, step]) => [id, ordered({ ...step }, STEP_ORDER)]));
    files.push({ name: `journeys/${j.key}`, body: ordered({ ...j.draft, steps }, JOURNEY_ORDER) });
  }
  for (const t of remote.templates.values()) {
    files.push({ name: `templates/${t.key}${t.locale ? `.${t.locale}` : ''}`, body: ordered({ ...t }, ['key', 'locale', 'channel', 'category', 'content']) });
  }
  for (const c of remote.channels.values()) files.push({ name: `channels/${c.key}`, body: channelFile(c, variables) });
  for (const p of remote.couponPools.values()) files.push({ name: `coupon-pools/${p.key}`, body: { mode: p.mode, prefix: p.prefix, length: p.length } });
  files.push({ name: POLICY_FILE, body: ordered(remote.policy, ['rules', 'whenCapped', 'quietHours', 'compliance']) });
  return files;
}

/**
 * `cairn export DIR [--format yaml|json] [--force]`: writes the server's
 * resources as files that `cairn apply` takes back unchanged. Refuses a
 * folder that already holds resource files, unless `--force` (which replaces
 * them, so the folder then holds exactly the server's resources).
 */
export async function exportCommand(args: ParsedArgs, io: CliIo): Promise<number> {
  onlyFlags(args, ['url', 'admin-key', 'format', 'force']);
  const dir = folderArg(args);
  const format = (flag(args, 'format') ?? 'yaml') as FileFormat;
  if (format !== 'yaml' && format !== 'json') throw new UsageError('--format is yaml or json');
  const client = clientFrom(args, io);
  const existing = existingResourceFiles(dir);
  if (existing.length > 0 && !switchOn(args, 'force')) {
    io.err(`${dir} already holds ${existing.length} resource files (${existing[0]}, …); export into an empty folder, or pass --force to replace them\n`);
    return EXIT.failed;
  }
  const remote = await readRemote(client);
  if (!remote.couponPoolsListed) io.err('warning: this server cannot list coupon pools; none were exported\n');
  const variables: string[] = [];
  const written = writeFolder(dir, exportFiles(remote, variables), format, switchOn(args, 'force'));
  io.out(`Exported ${written.length} files from ${client.url} to ${dir}\n`);
  const lists = [...remote.couponPools.values()].filter((p) => p.mode === 'list').map((p) => p.key);
  if (lists.length > 0) io.out(`  list coupon pools (${lists.join(', ')}): the API does not give their codes; the files leave them out\n`);
  if (variables.length > 0) io.out(`  channel secrets are written as references; set them before apply: ${variables.join(', ')}\n`);
  return EXIT.ok;
}
