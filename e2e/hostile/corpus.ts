import { AUTH_AND_HTTP } from './corpus-auth-http';
import { DEFINITIONS } from './corpus-definitions';
import { INGEST } from './corpus-ingest';
import { PARAMETERS, SETUP } from './corpus-parameters';
import { SENDS } from './corpus-sends';
import { HostileRequest } from './corpus-types';

/** The hostile requests, in the order they are sent (the setup first: later requests use what it creates). */
export const CORPUS: HostileRequest[] = [...SETUP, ...AUTH_AND_HTTP, ...INGEST, ...PARAMETERS, ...DEFINITIONS, ...SENDS];
