import { Module } from '@nestjs/common';
import { CollocamentoPersistenceModule } from '@app/infrastructure';
import { OfferteController } from './offerte.controller';
import { RegistroCollocamentoController } from './registro-collocamento.controller';
import { AdesioniService } from './adesioni.service';
import { CollocamentoService } from './collocamento.service';
import { GraduatoriaService } from './graduatoria.service';
import { RegistroCollocamentoService } from './registro-collocamento.service';

/** Targeted placement (collocamento mirato): the registry of enrolled people and employers, and the job offers. */
@Module({
  imports: [CollocamentoPersistenceModule],
  controllers: [RegistroCollocamentoController, OfferteController],
  providers: [CollocamentoService, RegistroCollocamentoService, GraduatoriaService, AdesioniService],
})
export class CollocamentoModule {}
