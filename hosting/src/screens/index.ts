import { directory } from './directory';
import { overview } from './overview';
import type { Screen } from './screen';

/** The console's navigation, in order. */
export const screens: Screen[] = [overview, directory];
