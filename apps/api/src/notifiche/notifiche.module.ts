import { Module } from '@nestjs/common';
import { NotificheController } from './notifiche.controller';

@Module({
  controllers: [NotificheController],
})
export class NotificheModule {}
