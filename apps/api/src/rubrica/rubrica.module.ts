import { Module } from '@nestjs/common';
import { RubricaRepository } from '@app/infrastructure';
import { RubricaController } from './rubrica.controller';
import { RubricaService } from './rubrica.service';

@Module({
  controllers: [RubricaController],
  providers: [RubricaService, RubricaRepository],
})
export class RubricaModule {}
