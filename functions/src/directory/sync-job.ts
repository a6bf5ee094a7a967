/** The directory sync's job kind (its own module so the api can name it without loading the sync). */
export const SYNC_JOB = 'directory.sync';
