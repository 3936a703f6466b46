import { EraseUserUseCase } from './erase-user/erase-user.usecase';
import { ExportUserUseCase } from './export-user/export-user.usecase';
import { PeopleController } from './people.controller';
import { UserErasuresConsumer } from './user-erasures.consumer';

/** A person as a whole: journeys' part of an erasure, and its export. */
export const PEOPLE = {
  controllers: [PeopleController, UserErasuresConsumer],
  providers: [EraseUserUseCase, ExportUserUseCase],
};
