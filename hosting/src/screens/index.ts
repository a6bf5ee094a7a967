import { directory } from './directory';
import { members } from './members';
import { overview } from './overview';
import type { Screen } from './screen';

/** The console's navigation, in order. */
export const screens: Screen[] = [overview, directory, members];
