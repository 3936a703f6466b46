/** `POST /v1/channels/:key/receipts`: the channel key, the signature header and the body as it came (the signature covers its bytes). */
export interface RecordReceiptsCommand {
  channel: string;
  signature: string | undefined;
  rawBody: Buffer;
  body: unknown;
}
