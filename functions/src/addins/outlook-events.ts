/**
 * Each launch event with its handler, as named by `Office.actions.associate` in the runtime
 * (outlook-addin/src/runtime.ts), its name in the unified JSON manifest, the Mailbox set desktop
 * clients raise it from, and the Outlook app version phones raise it from (null: phones never do).
 * From Microsoft's tables: "Activate add-ins with events" (learn.microsoft.com/office/dev/add-ins/
 * outlook/autolaunch) and "Implement event-based activation in Outlook mobile add-ins"
 * (…/outlook/mobile-event-based): OnNewMessageCompose 1.10 (phones 4.2352.0, replies and forwards
 * included), OnNewAppointmentOrganizer 1.10 (never on phones), OnMessageRecipientsChanged 1.11
 * (phones 4.2425.0), OnMessageFromChanged 1.13 (phones 4.2502.0). A client below an event's
 * minimum runs the others and never raises it.
 */
export const LAUNCH_EVENTS = [
  { type: 'OnNewMessageCompose', unified: 'newMessageComposeCreated', handler: 'onNewMessageCompose', minMailbox: '1.10', mobile: '4.2352.0' },
  { type: 'OnNewAppointmentOrganizer', unified: 'newAppointmentOrganizerCreated', handler: 'onNewAppointmentOrganizer', minMailbox: '1.10', mobile: null },
  { type: 'OnMessageFromChanged', unified: 'messageFromChanged', handler: 'onMessageFromChanged', minMailbox: '1.13', mobile: '4.2502.0' },
  { type: 'OnMessageRecipientsChanged', unified: 'messageRecipientsChanged', handler: 'onMessageRecipientsChanged', minMailbox: '1.11', mobile: '4.2425.0' },
] as const;

export type LaunchEvent = (typeof LAUNCH_EVENTS)[number];

/** The launch events Outlook on Android and iOS raise. */
export const MOBILE_LAUNCH_EVENTS = LAUNCH_EVENTS.filter((e): e is Extract<LaunchEvent, { mobile: string }> => e.mobile !== null);

/**
 * The Mailbox requirement set the manifest asks for. Outlook on Android and iOS implement Mailbox
 * 1.5 only (plus, for event-based add-ins, setSignatureAsync, disableClientSignatureAsync,
 * getComposeTypeAsync, from.getAsync and sessionData from later sets): asking for 1.10 would hide
 * the add-in from phones. Desktop clients raise each launch event only from its own minimum
 * (`minMailbox` above), and the runtime checks for every method newer than 1.5 before calling it.
 */
export const MANIFEST_MIN_MAILBOX = '1.5';

const event = (type: LaunchEvent['type']) => LAUNCH_EVENTS.find((e) => e.type === type)!;

/** One Outlook client and what the add-in does there, in the words the console shows. */
export interface OutlookClient {
  name: string;
  /** What works there, one short sentence each. */
  works: string[];
  /** What does not, and why, in plain words (empty when everything works). */
  limits: string[];
  /** The version it needs, in words; null when any current version does. */
  minimum: string | null;
}

const SIGNS_MAIL = 'New emails, replies and forwards (replies get the shorter reply signature when the template has one)';
const SIGNS_MEETINGS = 'Meeting invitations';
const FOLLOWS_FROM = 'Changing From to a shared mailbox or alias swaps in the signature assigned to it';
const FOLLOWS_RECIPIENTS = 'Mail to colleagues only gets the colleagues’ signature, and the full one comes back as soon as an outside recipient is added';
const phone = (version: string) => `the Outlook app ${version} or later`;

/**
 * The Outlook clients this manifest runs in, the one list the console promises (the setup answer)
 * and docs/signatures.md describes: launch events sit in DesktopFormFactor (web, Windows, Mac) and
 * MobileFormFactor (Android, iOS). Classic Outlook's versions are Microsoft's: event-based add-ins
 * need Windows 10 1903 or later; OnMessageFromChanged, Version 2304 (Build 16327.20248) or later.
 */
export const OUTLOOK_CLIENTS: readonly OutlookClient[] = [
  { name: 'Outlook on the web', works: [SIGNS_MAIL, SIGNS_MEETINGS, FOLLOWS_FROM, FOLLOWS_RECIPIENTS], limits: [], minimum: null },
  { name: 'new Outlook on Windows', works: [SIGNS_MAIL, SIGNS_MEETINGS, FOLLOWS_FROM, FOLLOWS_RECIPIENTS], limits: [], minimum: null },
  {
    name: 'classic Outlook on Windows (Microsoft 365)',
    works: [SIGNS_MAIL, SIGNS_MEETINGS, FOLLOWS_FROM, FOLLOWS_RECIPIENTS],
    limits: ['Following a change of From needs Outlook version 2304 or later'],
    minimum: 'Windows 10 version 1903 or later',
  },
  { name: 'Outlook on Mac', works: [SIGNS_MAIL, SIGNS_MEETINGS, FOLLOWS_FROM, FOLLOWS_RECIPIENTS], limits: ['Needs the new Outlook for Mac (the legacy one runs no automatic add-ins)'], minimum: null },
  ...(['Outlook on iPhone and iPad', 'Outlook on Android'] as const).map((name) => ({
    name,
    works: [SIGNS_MAIL, FOLLOWS_RECIPIENTS, FOLLOWS_FROM],
    limits: [
      'Meeting invitations get no signature: Outlook on phones runs no add-in there',
      `Colleagues’ signature from ${phone(event('OnMessageRecipientsChanged').mobile!)}; following a change of From from ${phone(event('OnMessageFromChanged').mobile!)}`,
    ],
    minimum: phone(event('OnNewMessageCompose').mobile!),
  })),
];
