import { EraseUserUseCase } from './erase-user/erase-user.usecase';
import { ExportUserUseCase } from './export-user/export-user.usecase';
import { PeopleController } from './people.controller';
import { RequestErasureUseCase } from './request-erasure/request-erasure.usecase';
import { ResolvePersonUseCase } from './resolve-person/resolve-person.usecase';
import { UserErasuresConsumer } from './user-erasures.consumer';

/** A person as a whole: which person an id names, erasure (the request and segments' part of it) and export. */
export const PEOPLE = {
  controllers: [PeopleController, UserErasuresConsumer],
  providers: [RequestErasureUseCase, EraseUserUseCase, ExportUserUseCase, ResolvePersonUseCase],
};
