import { Module } from '@nestjs/common';
import { CollocamentoRepository } from '@app/infrastructure';
import { OfferteController, RegistroCollocamentoController } from './collocamento.controller';
import { CollocamentoService } from './collocamento.service';

/** Targeted placement (collocamento mirato): the registry of enrolled people and employers, and the job offers. */
@Module({
  controllers: [RegistroCollocamentoController, OfferteController],
  providers: [CollocamentoService, CollocamentoRepository],
})
export class CollocamentoModule {}
