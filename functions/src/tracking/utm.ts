/**
 * UTM tagging at redirect (issue 24): a banner click's destination gets `utm_source`,
 * `utm_medium`, `utm_campaign` and, during an A/B test, `utm_content` (the variant). The values
 * come only from the tenant's settings and the campaign (names and slugs an admin chose, validated
 * on save as `[A-Za-z0-9._~-]`), never from the token, the employee or the request, so nothing about
 * a sender or a recipient can reach the destination's analytics. A parameter already on the URL
 * wins: it is left exactly as written and ours is not added (no duplicates). The existing query is
 * kept byte for byte (no re-encoding through URLSearchParams), so a destination that signs or
 * parses its own query is not broken.
 */
export const UTM_KEYS = ['utm_source', 'utm_medium', 'utm_campaign', 'utm_content'] as const;
export type UtmKey = (typeof UTM_KEYS)[number];
export type UtmParams = Partial<Record<UtmKey, string>>;

const SAFE_VALUE = /^[A-Za-z0-9._~-]{1,60}$/;

/** The tenant's defaults and the campaign's own values as the redirect holds them. */
export interface UtmSettings {
  enabled: boolean;
  source: string;
  medium: string;
}
/** A tenant's UTM settings as stored (settings.utm, any field possibly unset), with the defaults applied: off, herald / email-signature. */
export function utmSettingsOf(stored: Partial<UtmSettings> | undefined): UtmSettings {
  return { enabled: stored?.enabled === true, source: stored?.source ?? 'herald', medium: stored?.medium ?? 'email-signature' };
}

export interface CampaignUtm {
  source?: string;
  medium?: string;
  campaign?: string;
}

/** A slug of a campaign's name for `utm_campaign`: ASCII letters and digits, hyphens between words. */
export function utmSlug(name: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/g, '');
  return slug || 'campaign';
}

/** The parameters one click adds: tenant defaults, the campaign's values over them, the variant as content. */
export function utmParams(tenant: UtmSettings, campaign: { name: string; utm?: CampaignUtm }, variantId: string | null): UtmParams {
  if (!tenant.enabled) return {};
  const params: UtmParams = {
    utm_source: campaign.utm?.source ?? tenant.source,
    utm_medium: campaign.utm?.medium ?? tenant.medium,
    utm_campaign: campaign.utm?.campaign ?? utmSlug(campaign.name),
  };
  if (variantId) params.utm_content = variantId;
  return params;
}

/** `url` with the parameters it does not already carry appended (after any query, before any fragment). */
export function withUtm(url: string, params: UtmParams): string {
  const entries = UTM_KEYS.flatMap((k) => (params[k] && SAFE_VALUE.test(params[k]) ? [[k, params[k]] as const] : []));
  if (!entries.length) return url;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return url;
  }
  // Matched case-insensitively: `UTM_Source=x` on the URL is the destination's own and wins too.
  const present = new Set([...parsed.searchParams.keys()].map((k) => k.toLowerCase()));
  const added = entries.filter(([k]) => !present.has(k)).map(([k, v]) => `${k}=${v}`);
  if (!added.length) return url;
  const hash = url.indexOf('#');
  const beforeHash = hash === -1 ? url : url.slice(0, hash);
  const fragment = hash === -1 ? '' : url.slice(hash);
  const joiner = !beforeHash.includes('?') ? '?' : beforeHash.endsWith('?') || beforeHash.endsWith('&') ? '' : '&';
  return `${beforeHash}${joiner}${added.join('&')}${fragment}`;
}
