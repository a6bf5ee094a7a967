import { campaigns } from './campaigns';
import { directory } from './directory';
import { members } from './members';
import { notifications } from './notifications';
import { overview } from './overview';
import { privacy } from './privacy';
import { profile } from './profile';
import { signature } from './signature';
import type { Screen } from './screen';

/** The console's navigation, in order. */
export const screens: Screen[] = [overview, notifications, signature, profile, campaigns, directory, members, privacy];
