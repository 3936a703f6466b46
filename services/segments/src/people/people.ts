import { EraseUserUseCase } from './erase-user/erase-user.usecase';
import { ExportUserUseCase } from './export-user/export-user.usecase';
import { PeopleController } from './people.controller';
import { RequestErasureUseCase } from './request-erasure/request-erasure.usecase';
import { ResolvePersonUseCase } from './resolve-person/resolve-person.usecase';
import { UserErasuresConsumer } from './user-erasures.consumer';
import { ApplyRetentionUseCase } from '../retention/apply-retention/apply-retention.usecase';
import { RetentionJob } from '../background/retention-job';

/** People's data: which person an id names, erasure (the request and segments' part of it), export, the retention policy. */
export const PEOPLE = {
  controllers: [PeopleController, UserErasuresConsumer],
  providers: [RequestErasureUseCase, EraseUserUseCase, ExportUserUseCase, ResolvePersonUseCase, ApplyRetentionUseCase, RetentionJob],
};
