/**
 * The problems of an error answer as `body.field: message; …`, from its `fields` list: the answer's
 * message is in words with labels (core/field-labels.ts), so tests that check which field was
 * refused read the paths here.
 */
export function fieldText(res: { body: { error?: { fields?: { field: string; message: string }[] } } }): string {
  return (res.body.error?.fields ?? []).map((f) => `${f.field}: ${f.message}`).join('; ');
}
