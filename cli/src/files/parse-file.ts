/** Reading one resource file: JSON (`.json`) or YAML (`.yaml`, `.yml`), with errors that name the file and line. */
import { readFileSync } from 'node:fs';
import { parse as parseYaml, YAMLParseError } from 'yaml';

export const RESOURCE_EXTENSIONS = ['.json', '.yaml', '.yml'];

export class FileError extends Error {
  constructor(
    readonly file: string,
    message: string,
  ) {
    super(message);
    this.name = 'FileError';
  }
}

export function isResourceFile(name: string): boolean {
  return RESOURCE_EXTENSIONS.some((ext) => name.endsWith(ext));
}

/** Parses text as JSON or YAML by the file's extension; throws FileError with the position of a syntax error. */
export function parseText(file: string, text: string, json = file.endsWith('.json')): unknown {
  if (json) {
    try {
      return JSON.parse(text);
    } catch (error) {
      throw new FileError(file, `not valid JSON: ${(error as Error).message}`);
    }
  }
  try {
    return parseYaml(text, { prettyErrors: true, uniqueKeys: true, maxAliasCount: 100 });
  } catch (error) {
    const e = error as YAMLParseError;
    const where = e.linePos?.[0] ? `line ${e.linePos[0].line}, column ${e.linePos[0].col}: ` : '';
    const what = e.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
    throw new FileError(file, `not valid YAML: ${where}${what}`);
  }
}

/** Reads and parses a file (JSON or YAML). */
export function readResourceFile(path: string, shownAs = path): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new FileError(shownAs, `cannot read it: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  return parseText(shownAs, text, path.endsWith('.json'));
}
