/**
 * The REST APIs of one workspace, as the admin key sees them. One base URL
 * serves every `/v1/…` path: the all-in-one, or the console's front door (or
 * any gateway routing by path) in front of the four services.
 */

export interface ApiErrorBody {
  code?: string;
  message?: string;
  fields?: Array<{ path: string; message: string }>;
}

export class ApiError extends Error {
  constructor(
    readonly method: string,
    readonly path: string,
    readonly status: number,
    readonly body: ApiErrorBody | undefined,
  ) {
    super(`${method} ${path} answered ${status}${body?.code ? ` ${body.code}` : ''}${body?.message ? `: ${body.message}` : ''}`);
    this.name = 'ApiError';
  }
}

export interface ConnectionSettings {
  url: string;
  adminKey: string;
}

const TIMEOUT_MS = 30_000;

export class CairnClient {
  private readonly base: string;

  constructor(private readonly settings: ConnectionSettings) {
    this.base = settings.url.replace(/\/+$/, '');
  }

  get url(): string {
    return this.base;
  }

  async request<T>(method: string, path: string, body?: unknown): Promise<T> {
    let response: Response;
    try {
      response = await fetch(`${this.base}${path}`, {
        method,
        headers: { authorization: `Bearer ${this.settings.adminKey}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(TIMEOUT_MS),
      });
    } catch (error) {
      const cause = (error as { cause?: { code?: string; message?: string; errors?: Array<{ code?: string }> } }).cause;
      const why = cause?.code ?? cause?.errors?.[0]?.code ?? cause?.message ?? (error as Error).message;
      throw new Error(`cannot reach Cairn at ${this.base} (${method} ${path}: ${why})`);
    }
    const text = await response.text();
    let parsed: unknown;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = undefined;
    }
    if (!response.ok) throw new ApiError(method, path, response.status, parsed as ApiErrorBody | undefined);
    return parsed as T;
  }

  /** GET that answers undefined on a 404. */
  async find<T>(path: string): Promise<T | undefined> {
    try {
      return await this.request<T>('GET', path);
    } catch (error) {
      if (error instanceof ApiError && error.status === 404) return undefined;
      throw error;
    }
  }
}

export function pathKey(key: string): string {
  return encodeURIComponent(key);
}
