import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { isMissingRoute } from '../api';
import { onOnline } from './failure';
import { busy, loadFailure, notAvailable } from './ui';

/**
 * Loads data for an element when it connects; `render` shows busy, "not available yet", the
 * failure in words with a Retry button, or the data. A failed load loads again by itself when the
 * browser comes back online. Every change of its state updates the host.
 */
export class Resource<T> implements ReactiveController {
  #value: T | undefined;
  #error: unknown = null;
  #loading = false;
  #stopListening: (() => void) | null = null;

  /** `what` names the data for the customer: "The campaigns" (… could not be loaded / is not available). */
  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly what: string,
    private readonly load: () => Promise<T>,
  ) {
    host.addController(this);
  }

  get value(): T | undefined {
    return this.#value;
  }

  /** Replaces the data (e.g. with a save's answer) and re-renders the host. */
  set value(value: T | undefined) {
    this.#value = value;
    this.host.requestUpdate();
  }

  get error(): unknown {
    return this.#error;
  }

  get loading(): boolean {
    return this.#loading;
  }

  hostConnected(): void {
    this.#stopListening = onOnline(() => {
      if (this.#error && !this.#loading) void this.reload();
    });
    if (this.#value === undefined && !this.#loading) void this.reload();
  }

  hostDisconnected(): void {
    this.#stopListening?.();
    this.#stopListening = null;
  }

  async reload(): Promise<void> {
    this.#loading = true;
    this.host.requestUpdate();
    try {
      this.#value = await this.load();
      this.#error = null;
    } catch (err) {
      this.#error = err;
    }
    this.#loading = false;
    this.host.requestUpdate();
  }

  render(ok: (value: T) => unknown, label = 'Loading…'): unknown {
    if (this.#error) {
      if (isMissingRoute(this.#error)) return notAvailable(this.what);
      return loadFailure(this.what, this.#error, () => void this.reload(), this.#loading);
    }
    if (this.#value === undefined) return busy(label);
    return ok(this.#value);
  }
}
