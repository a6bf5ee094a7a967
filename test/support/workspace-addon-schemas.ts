import { actionResponseSchema, triggerResponseSchema, type ActionResponse, type TriggerResponse } from '../../functions/src/gmail-addon/addon-response.js';
import { checkMessage, protoType } from './proto-strict.js';

/**
 * What Google checks of the Gmail add-on, offline: every card against google.apps.card.v1.Card
 * (card.proto), the deployment against google.cloud.gsuiteaddons.v1.Deployment
 * (gsuiteaddons.proto), and the response envelope around the cards (render action, navigations,
 * host app action) against the strict schema written from Google's documentation
 * (functions/src/gmail-addon/addon-response.ts).
 */
const CARD = () => protoType('google/apps/card/v1/card.proto', 'google.apps.card.v1.Card');
const DEPLOYMENT = () => protoType('google/cloud/gsuiteaddons/v1/gsuiteaddons.proto', 'google.cloud.gsuiteaddons.v1.Deployment');

export const cardProblems = (card: unknown, path = '$') => checkMessage(CARD(), card, path);
export const deploymentProblems = (descriptor: unknown) => checkMessage(DEPLOYMENT(), descriptor);

/** The cards of a render action, read from the raw JSON (so a card is checked even when the envelope is wrong). */
function cardsIn(action: unknown, path: string): [unknown, string][] {
  const navigations = (action as { navigations?: unknown } | null)?.navigations;
  if (!Array.isArray(navigations)) return [];
  return navigations.flatMap((n: unknown, i) =>
    Object.entries(n ?? {}).filter(([k]) => k === 'pushCard' || k === 'updateCard').map(([k, card]) => [card, `${path}.navigations[${i}].${k}`] as [unknown, string]),
  );
}

function envelopeProblems(result: { success: boolean; error?: { issues: { path: PropertyKey[]; message: string }[] } }): string[] {
  return result.success ? [] : result.error!.issues.map((i) => `$.${i.path.map(String).join('.')}: ${i.message}`);
}

/** Problems of a trigger's answer (a render action); [] when Google would take it. */
export function triggerResponseProblems(body: unknown): string[] {
  const parsed = triggerResponseSchema.safeParse(body);
  const cards = cardsIn((body as { action?: unknown } | null)?.action, '$.action');
  return [...envelopeProblems(parsed), ...cards.flatMap(([card, path]) => cardProblems(card, path))];
}

/** Problems of an action's answer (`renderActions` wrapped); [] when Google would take it. */
export function actionResponseProblems(body: unknown): string[] {
  const parsed = actionResponseSchema.safeParse(body);
  const cards = cardsIn((body as { renderActions?: { action?: unknown } } | null)?.renderActions?.action, '$.renderActions.action');
  return [...envelopeProblems(parsed), ...cards.flatMap(([card, path]) => cardProblems(card, path))];
}

function orThrow<T>(body: unknown, problems: string[]): T {
  if (problems.length) throw new Error(`Google would reject this add-on answer:\n${problems.join('\n')}\n${JSON.stringify(body)}`);
  return body as T;
}

/** The trigger answer, after checking it against Google's schemas (throws, listing every problem). */
export const googleTriggerResponse = (body: unknown) => orThrow<TriggerResponse>(body, triggerResponseProblems(body));
/** The action answer, after checking it against Google's schemas (throws, listing every problem). */
export const googleActionResponse = (body: unknown) => orThrow<ActionResponse>(body, actionResponseProblems(body));
