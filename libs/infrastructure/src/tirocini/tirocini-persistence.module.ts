import { Module } from '@nestjs/common';
import { SoggettiRepository } from './soggetti.repository';
import { TirocinantiRepository } from './tirocinanti.repository';
import { TirociniRepository } from './tirocini.repository';

/** The tirocini procedure's repositories, for the API and the worker alike. */
@Module({
  providers: [SoggettiRepository, TirocinantiRepository, TirociniRepository],
  exports: [SoggettiRepository, TirocinantiRepository, TirociniRepository],
})
export class TirociniPersistenceModule {}
