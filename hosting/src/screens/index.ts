import { directory } from './directory';
import { members } from './members';
import { overview } from './overview';
import { profile } from './profile';
import type { Screen } from './screen';

/** The console's navigation, in order. */
export const screens: Screen[] = [overview, profile, directory, members];
