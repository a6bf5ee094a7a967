import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, LineController, LineElement, PointElement, Tooltip, type ChartConfiguration } from 'chart.js';
import { html } from 'lit';
import { property } from 'lit/decorators.js';
import { ConsoleElement } from '../core/element';

Chart.register(LineController, LineElement, PointElement, BarController, BarElement, LinearScale, CategoryScale, Legend, Tooltip);

/** A Chart.js chart with a text label for screen readers; redrawn when `config` is replaced. */
export class ChartView extends ConsoleElement {
  @property({ attribute: false }) config!: ChartConfiguration;
  @property() label = 'Chart';
  private chart: Chart | null = null;
  private drawn: ChartConfiguration | null = null;

  override render() {
    return html`<div class="chart"><canvas role="img" aria-label=${this.label}></canvas></div>`;
  }

  override updated(): void {
    if (this.drawn === this.config) return;
    this.chart?.destroy();
    this.drawn = this.config;
    this.chart = new Chart(this.querySelector('canvas')!, { ...this.config, options: { animation: false, maintainAspectRatio: false, ...this.config.options } });
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.chart?.destroy();
    this.chart = null;
    this.drawn = null;
  }
}
customElements.define('h-chart', ChartView);
