import { Global, Module } from '@nestjs/common';
import { DocumentsService } from './documents.service';
import { RiconciliazioneDocumenti } from './riconciliazione';

@Global()
@Module({ providers: [DocumentsService, RiconciliazioneDocumenti], exports: [DocumentsService, RiconciliazioneDocumenti] })
export class DocumentsModule {}
