import { Module } from '@nestjs/common';
import { TirociniModule } from '../tirocini/tirocini.module';
import { DocumentiController } from './documenti.controller';

/** Downloads of stored documents: whether an external user may read one depends on the practices they are on (tirocini). */
@Module({
  imports: [TirociniModule],
  controllers: [DocumentiController],
})
export class DocumentiModule {}
