import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query, Req } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { Actor } from '@app/domain';
import { DocumentsService } from '@app/infrastructure';
import { Roles } from '../auth/auth.decorators';
import { CurrentActor, RequestId } from '../common/request-context';
import { receiveUpload } from '../documenti/multipart';
import { CaricaDocumentoDto } from '../pratiche/pratiche.dto';
import { RegistroTirociniService } from './registro-tirocini.service';
import { ConvenzioneDto, SoggettoDto, TirocinanteDto, TutorDto } from './tirocini.dto';

const uuid = new ParseUUIDPipe({ version: '4' });
const WRITERS = ['operatore', 'responsabile', 'promotore', 'amministratore'] as const;
const READERS = [...WRITERS, 'ospitante', 'dirigente'] as const;

/** The tirocinio registry: soggetti promotori and ospitanti (with sites), trainees, tutors and convenzioni. */
@ApiTags('tirocini: registro')
@Controller()
export class RegistroTirociniController {
  constructor(private readonly registro: RegistroTirociniService, private readonly documents: DocumentsService) {}

  @Post('soggetti-tirocinio')
  @Roles(...WRITERS)
  creaSoggetto(@Body() dto: SoggettoDto, @CurrentActor() actor: Actor, @RequestId() rid?: string) {
    return this.registro.creaSoggetto(dto, actor, rid);
  }

  @Get('soggetti-tirocinio')
  @Roles(...READERS)
  @ApiQuery({ name: 'ruolo', required: false, enum: ['promotore', 'ospitante'] })
  soggetti(@Query('ruolo') ruolo?: string) {
    return this.registro.soggetti(ruolo === 'promotore' || ruolo === 'ospitante' ? ruolo : undefined);
  }

  @Get('soggetti-tirocinio/:id')
  @Roles(...READERS)
  soggetto(@Param('id', uuid) id: string) {
    return this.registro.soggetto(id);
  }

  @Post('tirocinanti')
  @Roles(...WRITERS)
  creaTirocinante(@Body() dto: TirocinanteDto, @CurrentActor() actor: Actor, @RequestId() rid?: string) {
    return this.registro.creaTirocinante(dto, actor, rid);
  }

  @Get('tirocinanti/:id')
  @Roles(...READERS)
  tirocinante(@Param('id', uuid) id: string) {
    return this.registro.tirocinante(id);
  }

  @Post('tutor')
  @Roles(...WRITERS)
  creaTutor(@Body() dto: TutorDto, @CurrentActor() actor: Actor, @RequestId() rid?: string) {
    return this.registro.creaTutor(dto, actor, rid);
  }

  @Post('convenzioni')
  @Roles(...WRITERS)
  creaConvenzione(@Body() dto: ConvenzioneDto, @CurrentActor() actor: Actor, @RequestId() rid?: string) {
    return this.registro.creaConvenzione(dto, actor, rid);
  }

  @Get('convenzioni/:id')
  @Roles(...READERS)
  convenzione(@Param('id', uuid) id: string) {
    return this.registro.convenzione(id);
  }

  @Post('convenzioni/:id/documento')
  @Roles(...WRITERS)
  @ApiConsumes('multipart/form-data')
  @ApiBody({ type: CaricaDocumentoDto })
  caricaDocumento(@Param('id', uuid) id: string, @Req() req: Request, @CurrentActor() actor: Actor, @RequestId() rid?: string) {
    return receiveUpload(req, this.documents.maxBytes, (file, meta) => this.registro.caricaDocumentoConvenzione(id, meta.nomeFile, file, actor, rid));
  }
}
