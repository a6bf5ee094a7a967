import { LitElement } from 'lit';
import type { Api } from '../api';
import type { Me, TenantView } from '../../../functions/src/api-types.js';

/** What every screen gets from the shell. */
export interface Ctx {
  api: Api;
  me: Me;
  tenant: TenantView;
  /** Reloads the tenant (after settings change) and re-renders the shell. */
  refreshTenant(): Promise<void>;
}

/**
 * Console elements render into the light DOM: one global stylesheet, and labels, ARIA and
 * Playwright's role queries work across the whole page. State lives in typed fields and changes
 * through `set`, which re-renders.
 */
export abstract class ConsoleElement<S extends object = object> extends LitElement {
  protected state = {} as S;

  override createRenderRoot(): HTMLElement {
    return this;
  }

  protected set(patch: Partial<S>): void {
    this.state = { ...this.state, ...patch };
    this.requestUpdate();
  }
}

/** A routed screen: the shell sets ctx and the URL's parameters before connecting it. */
export abstract class ScreenElement<S extends object = object> extends ConsoleElement<S> {
  ctx!: Ctx;
  params: Record<string, string> = {};
  query = new URLSearchParams();

  get api(): Api {
    return this.ctx.api;
  }
}
