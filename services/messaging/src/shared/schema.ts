/** The Postgres schema that holds messaging's tables (every query names it: `messaging.send_intents`, ...). */
export const MESSAGING_SCHEMA = 'messaging';
