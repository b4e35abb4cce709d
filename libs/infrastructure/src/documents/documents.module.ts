import { Global, Module } from '@nestjs/common';
import { DocumentiRepository } from './documenti.repository';
import { DocumentsService } from './documents.service';
import { RiconciliazioneDocumenti } from './riconciliazione';

@Global()
@Module({ providers: [DocumentiRepository, DocumentsService, RiconciliazioneDocumenti], exports: [DocumentsService, RiconciliazioneDocumenti] })
export class DocumentsModule {}
