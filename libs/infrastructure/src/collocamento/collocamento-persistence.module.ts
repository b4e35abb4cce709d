import { Module } from '@nestjs/common';
import { DatoriRepository } from './datori.repository';
import { IscrittiRepository } from './iscritti.repository';
import { OfferteRepository } from './offerte.repository';

/** The collocamento mirato repositories, for the API and the worker alike. */
@Module({ providers: [IscrittiRepository, DatoriRepository, OfferteRepository], exports: [IscrittiRepository, DatoriRepository, OfferteRepository] })
export class CollocamentoPersistenceModule {}
