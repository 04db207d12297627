import { Foundation1764100000000 } from './1764100000000-foundation';

/** Applied in this order; listed explicitly so ts-node, dist and jest load the same classes. */
export const MIGRATIONS = [Foundation1764100000000];
