import { Clock, CLOCK, formatDuration } from '@cairn/core';
import { DATA_SOURCE } from '@cairn/runtime';
import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { DeliveryLogRepository } from '../delivery-log.repository';
import { bucketStart, fillSeries, SeriesPoint, seriesStatus, StatusCounts, zeroCounts } from './series';
import { SendSeriesCommand } from './send-series.command';

export interface SendSeriesView {
  /** Start of the first bucket and the instant the series was read. */
  from: string;
  to: string;
  bucket: string;
  points: SeriesPoint[];
  /** Over the whole window. */
  totals: StatusCounts;
  /** Over the whole window, per journey key ('' for sends without a journey). */
  byJourney: Record<string, StatusCounts>;
}

/** Send intents by creation time: counts per status in each bucket of the window, totals and totals per journey. */
@Injectable()
export class SendSeriesUseCase {
  constructor(
    @Inject(DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute(command: SendSeriesCommand): Promise<SendSeriesView> {
    const repo = new DeliveryLogRepository(this.dataSource.manager);
    const to = this.clock.now().getTime();
    const from = bucketStart(to - command.windowMs, command.bucketMs);
    const only = { journey: command.journey, channel: command.channel };
    const [buckets, journeys] = await Promise.all([
      repo.countByBucket(command.workspaceId, new Date(from), new Date(to), command.bucketMs, only),
      repo.countByJourney(command.workspaceId, new Date(from), new Date(to), only),
    ]);
    const totals = zeroCounts();
    const byJourney: Record<string, StatusCounts> = {};
    for (const row of journeys) {
      const status = seriesStatus(row.status);
      if (!status) continue;
      totals[status] += row.n;
      (byJourney[row.journey] ??= zeroCounts())[status] += row.n;
    }
    return {
      from: new Date(from).toISOString(),
      to: new Date(to).toISOString(),
      bucket: formatDuration(command.bucketMs),
      points: fillSeries(from, to, command.bucketMs, buckets),
      totals,
      byJourney,
    };
  }
}
