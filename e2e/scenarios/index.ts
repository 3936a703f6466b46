import { cartAbandonment } from './cart-abandonment';
import { consentWithdrawal } from './consent-withdrawal';
import { frequencyCap } from './frequency-cap';
import { quietHours } from './quiet-hours';
import { Scenario } from './scenario';
import { secretCoupon } from './secret-coupon';
import { welcomeBack } from './welcome-back';

export type { Scenario } from './scenario';

/**
 * The field scenarios both modes play, each in its own workspace.
 *
 * Not in the list yet: the restock notice (./restock-notice.ts, written and
 * ready). It needs the journeys service to consume cairn.catalog-events.v1 and
 * start runs for the audience of a catalog entry, which is being built there;
 * add `restockNotice` here when that lands.
 */
export const SCENARIOS: Scenario[] = [secretCoupon, cartAbandonment, welcomeBack, frequencyCap, quietHours, consentWithdrawal];
