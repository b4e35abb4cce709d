import { Module } from '@nestjs/common';
import { IspettoriRepository, PianiVigilanzaRepository, RichiesteRepository, SorteggiRepository } from '@app/infrastructure';
import { AssegnazioniController } from './assegnazioni.controller';
import { AssegnazioniService } from './assegnazioni.service';
import { PeriodiSorteggioService } from './periodi-sorteggio.service';
import { PianiVigilanzaController } from './piani-vigilanza.controller';
import { PianiVigilanzaService } from './piani-vigilanza.service';
import { RegistroIspezioniController } from './registro-ispezioni.controller';
import { RegistroIspezioniService } from './registro-ispezioni.service';
import { RichiesteController } from './richieste.controller';
import { RichiesteService } from './richieste.service';

/** Labour inspections: the inspectorates' registry and draw periods, intervention requests, assignments, ex-officio plans. */
@Module({
  controllers: [RegistroIspezioniController, RichiesteController, AssegnazioniController, PianiVigilanzaController],
  providers: [
    RegistroIspezioniService,
    PeriodiSorteggioService,
    RichiesteService,
    AssegnazioniService,
    PianiVigilanzaService,
    IspettoriRepository,
    RichiesteRepository,
    SorteggiRepository,
    PianiVigilanzaRepository,
  ],
})
export class IspezioniModule {}
