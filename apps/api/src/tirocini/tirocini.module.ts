import { Module } from '@nestjs/common';
import { TirociniPersistenceModule } from '@app/infrastructure';
import { RegistroTirociniController } from './registro-tirocini.controller';
import { RegistroTirociniService } from './registro-tirocini.service';
import { TirociniController } from './tirocini.controller';
import { TirociniService } from './tirocini.service';

/** Traineeships: the registry (organisations, sites, trainees, tutors, agreements) and the practices. */
@Module({
  imports: [TirociniPersistenceModule],
  controllers: [RegistroTirociniController, TirociniController],
  providers: [TirociniService, RegistroTirociniService],
  // Documents of a practice are readable by its sides: the documents' module asks these.
  exports: [TirociniService, RegistroTirociniService],
})
export class TirociniModule {}
