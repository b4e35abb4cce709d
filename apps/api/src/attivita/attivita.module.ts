import { Module } from '@nestjs/common';
import { AttivitaRepository } from '@app/infrastructure';
import { AttivitaController } from './attivita.controller';
import { AttivitaService } from './attivita.service';

/** "Le mie attività": one list per user across the procedures, read from their rows. */
@Module({
  controllers: [AttivitaController],
  providers: [AttivitaService, AttivitaRepository],
})
export class AttivitaModule {}
