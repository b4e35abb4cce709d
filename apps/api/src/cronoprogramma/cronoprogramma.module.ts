import { Module } from '@nestjs/common';
import { PianiRepository } from '@app/infrastructure';
import { PianiController } from './piani.controller';
import { PianiService } from './piani.service';

@Module({
  controllers: [PianiController],
  providers: [PianiService, PianiRepository],
})
export class CronoprogrammaModule {}
