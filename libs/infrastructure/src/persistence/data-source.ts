import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { loadConfig } from '../config/app-config';
import { dataSourceOptions } from './data-source-options';

/** Used by the TypeORM CLI (`npm run migration:run`, `migration:generate`): as the schema owner when one is configured. */
const config = loadConfig();
export default new DataSource(dataSourceOptions(config, config.DATABASE_OWNER_URL ?? config.DATABASE_URL));
