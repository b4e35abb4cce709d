import { Body, Controller, Get, HttpCode, Param, Post, Query, Req } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { Actor } from '@app/domain';
import { DocumentsService } from '@app/infrastructure';
import { Roles, Scoped } from '../auth/auth.decorators';
import { CurrentActor, RequestId } from '../common/request-context';
import { receiveUpload } from '../documenti/multipart';
import { CaricaDocumentoDto } from '../pratiche/pratiche.dto';
import { RegistroTirociniService } from './registro-tirocini.service';
import {
  CercaTirocinantiQuery, ConteggioDipendentiDto, ConvenzioneDto, ElencoSoggettiQuery, NuovaSedeDto, RettificaTirocinanteDto, SoggettoDto, TirocinanteDto, TutorDto,
} from './tirocini.dto';
import { UuidParamPipe } from '../common/pipes';

const uuid = new UuidParamPipe('4');
const WRITERS = ['operatore', 'responsabile', 'promotore', 'amministratore'] as const;
const READERS = [...WRITERS, 'ospitante', 'dirigente'] as const;
/** Who keeps the registry's records up to date (sites, head counts, corrections): the office's CPI staff. */
const MANUTENTORI = ['operatore', 'responsabile'] as const;

/** The tirocinio registry: soggetti promotori and ospitanti (with sites), trainees, tutors and convenzioni. */
@ApiTags('tirocini: registro')
@Scoped('ufficio', 'soggetto')
@Controller()
export class RegistroTirociniController {
  constructor(private readonly registro: RegistroTirociniService, private readonly documents: DocumentsService) {}

  @Scoped('regionale', 'soggetto')
  @Post('soggetti-tirocinio')
  @Roles(...WRITERS)
  creaSoggetto(@Body() dto: SoggettoDto, @CurrentActor() actor: Actor, @RequestId() rid?: string) {
    return this.registro.creaSoggetto(dto, actor, rid);
  }

  @Scoped('regionale', 'soggetto')
  @Get('soggetti-tirocinio')
  @Roles(...READERS)
  @ApiQuery({ name: 'ruolo', required: false, enum: ['promotore', 'ospitante'] })
  @ApiQuery({ name: 'codiceFiscale', required: false, description: 'the exact codice fiscale of the soggetto' })
  soggetti(@Query() q: ElencoSoggettiQuery, @CurrentActor() actor: Actor) {
    return this.registro.soggetti(actor, q);
  }

  @Scoped('regionale', 'soggetto')
  @Get('soggetti-tirocinio/:id')
  @Roles(...READERS)
  soggetto(@Param('id', uuid) id: string, @CurrentActor() actor: Actor) {
    return this.registro.soggetto(id, actor);
  }

  /** A new site of a soggetto (staff of the office that registered it): its head count holds from today. */
  @Scoped('regionale')
  @Post('soggetti-tirocinio/:id/sedi')
  @Roles(...MANUTENTORI)
  aggiungiSede(@Param('id', uuid) id: string, @Body() dto: NuovaSedeDto, @CurrentActor() actor: Actor, @RequestId() rid?: string) {
    return this.registro.aggiungiSede(id, dto, actor, rid);
  }

  /** A site's new permanent-employee count from a date, with its reason; the earlier counts stay (the site's history). */
  @Scoped('regionale')
  @Post('soggetti-tirocinio/:id/sedi/:sedeId/dipendenti')
  @Roles(...MANUTENTORI)
  registraDipendenti(
    @Param('id', uuid) id: string, @Param('sedeId', uuid) sedeId: string, @Body() dto: ConteggioDipendentiDto, @CurrentActor() actor: Actor, @RequestId() rid?: string,
  ) {
    return this.registro.registraDipendenti(id, sedeId, dto, actor, rid);
  }

  @Post('tirocinanti')
  @Roles(...WRITERS)
  creaTirocinante(@Body() dto: TirocinanteDto, @CurrentActor() actor: Actor, @RequestId() rid?: string) {
    return this.registro.creaTirocinante(dto, actor, rid);
  }

  /** Trainees by codice fiscale or by surname and name (a part, either order): at most 50, by surname. */
  @Get('tirocinanti')
  @Roles(...READERS)
  cercaTirocinanti(@Query() q: CercaTirocinantiQuery, @CurrentActor() actor: Actor) {
    return this.registro.cercaTirocinanti(q.cerca, actor);
  }

  @Get('tirocinanti/:id')
  @Roles(...READERS)
  tirocinante(@Param('id', uuid) id: string, @CurrentActor() actor: Actor) {
    return this.registro.tirocinante(id, actor);
  }

  /** Corrects a trainee's identity (staff of the office whose registry holds them), with a reason; audited before/after. */
  @Scoped('ufficio')
  @Post('tirocinanti/:id/rettifica')
  @HttpCode(200)
  @Roles(...MANUTENTORI)
  rettificaTirocinante(@Param('id', uuid) id: string, @Body() dto: RettificaTirocinanteDto, @CurrentActor() actor: Actor, @RequestId() rid?: string) {
    return this.registro.rettificaTirocinante(id, dto, actor, rid);
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
  convenzione(@Param('id', uuid) id: string, @CurrentActor() actor: Actor) {
    return this.registro.convenzione(id, actor);
  }

  @Post('convenzioni/:id/documento')
  @Roles(...WRITERS)
  @ApiConsumes('multipart/form-data')
  @ApiBody({ type: CaricaDocumentoDto })
  caricaDocumento(@Param('id', uuid) id: string, @Req() req: Request, @CurrentActor() actor: Actor, @RequestId() rid?: string) {
    return receiveUpload(req, this.documents.maxBytes, (file, meta) => this.registro.caricaDocumentoConvenzione(id, meta.nomeFile, file, actor, rid));
  }
}
