import { ADVERTISING, CHANNEL, onEventSend, scenario } from './scenario';

/**
 * Consent withdrawn while a message waits: with a cap of 1 promotion per 6
 * seconds and `whenCapped: defer`, a second promotion is deferred; the user
 * who withdraws advertising consent in the meantime never gets it (suppressed,
 * consent_withdrawn, decided again at its time), the one who does not gets it.
 */
export const consentWithdrawal = scenario(
  'consent-withdrawal',
  'consent withdrawal before a deferred send: the deferred message is suppressed, never sent',
  async (api) => {
    await api.channel(CHANNEL);
    await api.policy({ rules: [{ scope: 'all', limit: 1, window: '6s', categories: ['promotional'] }], whenCapped: 'defer' });
    await api.template('flash-sale', '{{ user.name }}님, 타임 세일 {{ entry.properties.round }}회차!');
    await api.journey(onEventSend('flash-sale', 'Flash Sale', 'flash-sale'));
    for (const [user, name] of [
      ['withdrawer', '민준'],
      ['keeper', '지아'],
    ]) {
      await api.identify(user, { name });
      await api.consent(user, ADVERTISING);
      await api.track(user, 'Flash Sale', { round: 1 });
      await api.track(user, 'Flash Sale', { round: 2 });
    }
    for (const user of ['withdrawer', 'keeper']) {
      await api.waitForMessages(user, (m) => m.length === 2 && m[1].status === 'DEFERRED', `${user}'s second sale to be deferred`);
    }
    await api.consent('withdrawer', { [CHANNEL]: { advertising: false } });

    const keeper = await api.waitForMessages('keeper', (m) => m[1]?.status === 'SENT', "the keeper's deferred sale to go out");
    const withdrawer = await api.waitForMessages('withdrawer', (m) => m[1]?.status === 'SUPPRESSED', "the withdrawer's deferred sale to be decided again");
    expect(withdrawer.map((m) => [m.status, m.reason, m.content.text])).toEqual([
      ['SENT', null, '민준님, 타임 세일 1회차!'],
      ['SUPPRESSED', 'consent_withdrawn', '민준님, 타임 세일 2회차!'],
    ]);
    expect(keeper.map((m) => [m.status, m.content.text])).toEqual([
      ['SENT', '지아님, 타임 세일 1회차!'],
      ['SENT', '지아님, 타임 세일 2회차!'],
    ]);
  },
);
