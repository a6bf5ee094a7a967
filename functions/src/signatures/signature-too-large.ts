import { AppError } from '../core/errors.js';
import { LIST_PLACEHOLDER_MAX_CHARS, LIST_PLACEHOLDER_MAX_ITEMS, SIGNATURE_MAX_CHARS } from '../core/signature-limits.js';

/** Why a rendering was refused: the whole signature, or one list placeholder, over its cap. */
export type SizeProblem =
  | { kind: 'too_long'; limit: number }
  | { kind: 'list_too_long'; placeholder: 'addresses' | 'groups'; items: number; chars: number };

const n = (x: number) => x.toLocaleString('en-US');

function describe(problem: SizeProblem): string {
  if (problem.kind === 'too_long') {
    return `the signature would be longer than ${n(problem.limit)} characters, the most an email signature can hold (Gmail's limit); the template needs to be shorter`;
  }
  return (
    `{{${problem.placeholder}}} would list ${n(problem.items)} items (${n(problem.chars)} characters); ` +
    `a list placeholder may hold at most ${n(LIST_PLACEHOLDER_MAX_ITEMS)} items and ${n(LIST_PLACEHOLDER_MAX_CHARS)} characters`
  );
}

/**
 * A signature over the cap (core/signature-limits.ts). The renderer throws it as soon as the cap
 * is passed, so no path ever holds, sends or cuts an oversized signature. The message names the
 * limit, not the user: the caller knows whose signature it asked for.
 */
export class SignatureTooLarge extends AppError {
  constructor(readonly problem: SizeProblem) {
    super('failed_precondition', describe(problem));
    this.name = 'SignatureTooLarge';
  }
}

export const tooLong = () => new SignatureTooLarge({ kind: 'too_long', limit: SIGNATURE_MAX_CHARS });

/** A list placeholder's size (items, and characters joined by ", "), counted without joining, and whether it passes the cap. */
export function listSize(items: readonly string[]): { items: number; chars: number; over: boolean } {
  let chars = Math.max(0, items.length - 1) * 2;
  for (const item of items) chars += item.length;
  return { items: items.length, chars, over: items.length > LIST_PLACEHOLDER_MAX_ITEMS || chars > LIST_PLACEHOLDER_MAX_CHARS };
}
