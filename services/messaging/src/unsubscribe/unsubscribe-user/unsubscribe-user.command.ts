/** `GET` or `POST /v1/unsubscribe?token=…`: the token as the link carried it. */
export interface UnsubscribeUserCommand {
  token: unknown;
}
