/** JSON Schema fragments shared by the topic contracts (draft 2020-12). */
export const isoTimestamp = { type: 'string', format: 'date-time' } as const;
export const id = { type: 'string', minLength: 1, maxLength: 256 } as const;
export const jsonObject = { type: 'object' } as const;

export type JsonSchema = Record<string, unknown>;

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
