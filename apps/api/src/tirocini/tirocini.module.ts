import { Module } from '@nestjs/common';
import { TirociniRepository } from '@app/infrastructure';
import { RegistroTirociniController } from './registro-tirocini.controller';
import { RegistroTirociniService } from './registro-tirocini.service';
import { TirociniController } from './tirocini.controller';
import { TirociniService } from './tirocini.service';

/** Traineeships: the registry (organisations, sites, trainees, tutors, agreements) and the practices. */
@Module({
  controllers: [RegistroTirociniController, TirociniController],
  providers: [TirociniService, RegistroTirociniService, TirociniRepository],
  // Documents of a practice are readable by its sides: the documents' module asks these.
  exports: [TirociniService, RegistroTirociniService],
})
export class TirociniModule {}
