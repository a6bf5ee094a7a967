import { html, nothing } from 'lit';
import { ConsoleElement } from '../core/element';

interface DemoInfo {
  simulated: string[];
  controlsUrl: string;
}

/**
 * The local demo's label: which outside services (`npm start`'s stand-ins of Google's and
 * Microsoft's APIs) are simulated, and where to switch what the fictitious super admin granted.
 * Hosting's init.json never carries `demo`, so a production console shows nothing.
 */
export class DemoNotice extends ConsoleElement<{ demo: DemoInfo | null }> {
  override connectedCallback(): void {
    super.connectedCallback();
    void fetch('/__/firebase/init.json')
      .then((r) => r.json() as Promise<{ demo?: DemoInfo }>)
      .then((c) => this.set({ demo: c.demo ?? null }))
      .catch(() => this.set({ demo: null }));
  }

  override render() {
    const demo = this.state.demo;
    if (!demo) return nothing;
    return html`<p class="demo-notice" role="note" data-testid="demo-notice">
      <strong>Demo:</strong> ${demo.simulated.join(' and ')} ${demo.simulated.length > 1 ? 'are' : 'is'} simulated on this machine, with fictitious staff.
      <a href=${`${demo.controlsUrl}/`} target="_blank" rel="noopener">Demo controls (simulate a failure, an employee in Outlook)</a></p>`;
  }
}
customElements.define('h-demo-notice', DemoNotice);
