/**
 * Transactions at once of each of journeys' busy consumers (events, memberships, outcomes). The consumer hands over several
 * partitions' batches at a time; those that wait are merged (BatchGroup), so a busy consumer handles larger batches in
 * fewer transactions and statements, and a quiet one handles a batch at once.
 */
export const CONSUMER_LANES = 2;
