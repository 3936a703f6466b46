/**
 * The field scenarios of docs/design.md §1 as files and scenarios, short
 * enough to play through running services in real time and to simulate in
 * virtual time: `journeys-as-code.e2e.spec.ts` does both and compares.
 */
import { cartAbandonment, restock, secretCoupon, welcomeBack } from './journey-scenarios';
import { consentWithdrawal, frequencyCap, quietHours } from './messaging-scenarios';
import type { ParityScenario } from './parity-support';

export type { ParityScenario } from './parity-support';

export const PARITY_SCENARIOS: ParityScenario[] = [cartAbandonment, quietHours, frequencyCap, consentWithdrawal, restock, secretCoupon, welcomeBack];
