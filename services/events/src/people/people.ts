import { EraseUserUseCase } from './erase-user/erase-user.usecase';
import { ExportUserUseCase } from './export-user/export-user.usecase';
import { PeopleController } from './people.controller';
import { UserErasuresConsumer } from './user-erasures.consumer';

/** The events service's part of a person's erasure and export (registered by the module). */
export const PEOPLE = {
  controllers: [PeopleController, UserErasuresConsumer],
  providers: [EraseUserUseCase, ExportUserUseCase],
};
