import { Module } from '@nestjs/common';
import { TirociniPersistenceModule } from '@app/infrastructure';
import { MigrazioneTirociniService } from './migrazione-tirocini.service';
import { ProceduraTirociniService } from './procedura-tirocini.service';
import { RegistroTirociniController } from './registro-tirocini.controller';
import { RegistroTirociniService } from './registro-tirocini.service';
import { TirocinantiService } from './tirocinanti.service';
import { TirociniController } from './tirocini.controller';
import { TirociniService } from './tirocini.service';

/** Traineeships: the registry (organisations, sites, trainees, tutors, agreements) and the practices. */
@Module({
  imports: [TirociniPersistenceModule],
  controllers: [RegistroTirociniController, TirociniController],
  providers: [TirociniService, ProceduraTirociniService, RegistroTirociniService, TirocinantiService, MigrazioneTirociniService],
  // Documents of a practice are readable by its sides: the documents' module asks these.
  exports: [TirociniService, RegistroTirociniService],
})
export class TirociniModule {}
