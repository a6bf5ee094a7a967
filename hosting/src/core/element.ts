import { LitElement } from 'lit';
import { property, state } from 'lit/decorators.js';
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
 * Playwright's role queries work across the whole page.
 *
 * What a render reads is reactive, so assigning it re-renders: inputs from a parent are
 * `@property({ attribute: false })`, internal state is `@state()` (or the `state` record, changed
 * through `set`). test/unit/console-reactivity.test.ts refuses a component whose render reads a
 * field that is neither.
 */
export abstract class ConsoleElement<S extends object = object> extends LitElement {
  @state() protected state = {} as S;

  override createRenderRoot(): HTMLElement {
    return this;
  }

  protected set(patch: Partial<S>): void {
    this.state = { ...this.state, ...patch };
  }
}

/** A routed screen: the shell sets ctx and the URL's parameters before connecting it. */
export abstract class ScreenElement<S extends object = object> extends ConsoleElement<S> {
  @property({ attribute: false }) ctx!: Ctx;
  @property({ attribute: false }) params: Record<string, string> = {};
  @property({ attribute: false }) query = new URLSearchParams();

  get api(): Api {
    return this.ctx.api;
  }
}
