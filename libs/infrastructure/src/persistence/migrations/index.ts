import { Platform1763884800000 } from './1763884800000-Platform';

/** Every migration, oldest first. `npm run migration:generate -- Name` writes new ones here; add them below. */
export const MIGRATIONS = [Platform1763884800000];
