import { Module } from '@nestjs/common';
import { PraticheRepository } from '@app/infrastructure';
import { PraticheController } from './pratiche.controller';
import { PraticheService } from './pratiche.service';

@Module({
  controllers: [PraticheController],
  providers: [PraticheService, PraticheRepository],
})
export class PraticheModule {}
