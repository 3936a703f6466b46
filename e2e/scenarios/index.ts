import { cartAbandonment } from './cart-abandonment';
import { consentWithdrawal } from './consent-withdrawal';
import { erasure } from './erasure';
import { frequencyCap } from './frequency-cap';
import { guestSignsInAndOrders, guestSignsInWithoutOrder, guestViewsFlagship } from './identity';
import { quietHours } from './quiet-hours';
import { restockNotice } from './restock-notice';
import { Scenario } from './scenario';
import { secretCoupon } from './secret-coupon';
import { welcomeBack } from './welcome-back';

export type { Scenario } from './scenario';

/** The field scenarios both modes play, each in its own workspace. */
export const SCENARIOS: Scenario[] = [
  secretCoupon,
  cartAbandonment,
  welcomeBack,
  restockNotice,
  frequencyCap,
  quietHours,
  consentWithdrawal,
  guestSignsInWithoutOrder,
  guestSignsInAndOrders,
  guestViewsFlagship,
  erasure,
];
