import { DataSource } from 'typeorm';
import { loadDotEnv } from '../../config/dotenv';
import { loadConfig } from '../../config/load-config';
import { dataSourceOptions } from './data-source-options';

/** For the TypeORM CLI: `typeorm migration:run -d dist/infrastructure/database/data-source.js`. */
loadDotEnv();
export default new DataSource(dataSourceOptions(loadConfig().database));
