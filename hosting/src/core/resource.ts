import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { isMissingRoute } from '../api';
import { busy, errorBox, notAvailable } from './ui';

/** Loads data for an element when it connects; `render` shows busy, error, "not available yet" or the data. */
export class Resource<T> implements ReactiveController {
  value: T | undefined;
  error: unknown = null;
  loading = false;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly load: () => Promise<T>,
    private readonly what = 'This page',
  ) {
    host.addController(this);
  }

  hostConnected(): void {
    if (this.value === undefined && !this.loading) void this.reload();
  }

  async reload(): Promise<void> {
    this.loading = true;
    this.host.requestUpdate();
    try {
      this.value = await this.load();
      this.error = null;
    } catch (err) {
      this.error = err;
    }
    this.loading = false;
    this.host.requestUpdate();
  }

  render(ok: (value: T) => unknown, label = 'Loading…'): unknown {
    if (this.error) return isMissingRoute(this.error) ? notAvailable(this.what) : errorBox(this.error);
    if (this.value === undefined) return busy(label);
    return ok(this.value);
  }
}
