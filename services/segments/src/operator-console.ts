import { SizeSnapshotJob } from './background/size-snapshot-job';
import { GetUserProfileController } from './profiles/get-user-profile/get-user-profile.controller';
import { GetUserProfileUseCase } from './profiles/get-user-profile/get-user-profile.usecase';
import { GetSizeHistoryController } from './size-history/get-size-history/get-size-history.controller';
import { GetSizeHistoryUseCase } from './size-history/get-size-history/get-size-history.usecase';
import { TakeSizeSnapshotsUseCase } from './size-history/take-size-snapshots/take-size-snapshots.usecase';

/** What the operator console reads from segments: size history (and its snapshot job) and a person's profile (registered by the module). */
export const OPERATOR_CONSOLE = {
  controllers: [GetSizeHistoryController, GetUserProfileController],
  providers: [TakeSizeSnapshotsUseCase, SizeSnapshotJob, GetSizeHistoryUseCase, GetUserProfileUseCase],
};
