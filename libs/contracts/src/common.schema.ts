/** JSON Schema fragments shared by the topic contracts (draft 2020-12). */
export const isoTimestamp = { type: 'string', format: 'date-time' } as const;
export const id = { type: 'string', minLength: 1, maxLength: 256 } as const;
export const jsonObject = { type: 'object' } as const;

export type JsonSchema = Record<string, unknown>;

/** The journey step a message belongs to. */
export interface JourneyRef {
  key: string;
  version: number;
  runId: string;
  step: string;
}

export const journeyRef = {
  type: 'object',
  required: ['key', 'version', 'runId', 'step'],
  properties: { key: id, version: { type: 'integer', minimum: 1 }, runId: id, step: id },
} as const;

/** Keys of per-user topics: `<workspaceId>:<userId>`. */
export const userKey = { description: '<workspaceId>:<userId>', schema: { type: 'string', pattern: '^[^:]+:.+$' } };

export interface TopicContract<TValue = unknown> {
  topic: string;
  version: 1;
  description: string;
  /** How the key is formed; part of the contract because it decides ordering. */
  key: { description: string; schema: JsonSchema };
  value: JsonSchema;
  /** An example value, also used by the docs and by tests. */
  example: TValue;
}
