import { Chart, CategoryScale, Legend, LinearScale, LineController, LineElement, PointElement, Tooltip } from 'chart.js';
import { ApiError, type Api } from '../api';
import { h, mount } from '../dom';
import type { Screen } from './screen';

Chart.register(LineController, LineElement, PointElement, LinearScale, CategoryScale, Legend, Tooltip);

interface CampaignView {
  id: string;
  kind: 'banner' | 'notification';
  name: string;
  status: string;
  running: boolean;
  startAt: string;
  endAt: string | null;
  targetGroups: string[];
}

interface Counts {
  views: number;
  clicks: number;
  ctr: number;
  bot: { views: number; clicks: number };
}
interface BannerReport extends Counts {
  days: ({ day: string } & Counts)[];
  topEmployees: { userId: string; name: string; views: number; clicks: number }[];
}
interface NotificationReport {
  audience: number;
  counts: Record<string, number>;
  rates: Record<string, number | null>;
}

const pct = (x: number | null) => (x === null ? '—' : `${(x * 100).toFixed(1)} %`);

export const campaigns: Screen = {
  id: 'campaigns',
  label: 'Campaigns',
  minRole: 'viewer',
  async render({ api }) {
    const { campaigns } = await api<{ campaigns: CampaignView[] }>('/campaigns');
    const detail = h('div', { 'data-testid': 'campaign-report' });
    const rows = campaigns.map((c) =>
      h(
        'tr',
        {},
        h('td', {}, h('button', { type: 'button', class: 'link', onclick: () => void showReport(api, c, detail) }, c.name)),
        h('td', {}, c.kind),
        h('td', {}, c.running ? 'running' : c.status),
        h('td', {}, `${c.startAt.slice(0, 10)} → ${c.endAt?.slice(0, 10) ?? '…'}`),
        h('td', {}, c.targetGroups.join(', ') || 'everyone'),
      ),
    );
    return h(
      'section',
      {},
      h('h1', {}, 'Campaigns'),
      h('table', {}, h('thead', {}, h('tr', {}, h('th', {}, 'Name'), h('th', {}, 'Kind'), h('th', {}, 'Status'), h('th', {}, 'Dates'), h('th', {}, 'Audience'))), h('tbody', {}, ...rows)),
      detail,
    );
  },
};

async function showReport(api: Api, c: CampaignView, target: HTMLElement): Promise<void> {
  mount(target, h('p', { class: 'loading' }, 'Loading the report…'));
  try {
    if (c.kind === 'notification') {
      const r = await api<NotificationReport>(`/campaigns/${c.id}/notification-report`);
      mount(
        target,
        h('h2', {}, c.name),
        h('dl', { class: 'facts' }, h('dt', {}, 'Audience'), h('dd', {}, String(r.audience)), ...['seen', 'clicked', 'liked'].flatMap((t) => [h('dt', {}, t), h('dd', {}, `${r.counts[t] ?? 0} (${pct(r.rates[t] ?? null)})`)])),
      );
      return;
    }
    const r = await api<BannerReport>(`/reports/campaigns/${c.id}`);
    const canvas = h('canvas', { 'aria-label': 'Views and clicks per day', role: 'img' });
    const csv = h('button', { type: 'button', class: 'secondary', onclick: () => void downloadCsv(api, c) }, 'Download CSV');
    mount(
      target,
      h('h2', {}, c.name),
      h(
        'dl',
        { class: 'facts' },
        h('dt', {}, 'Views'),
        h('dd', { 'data-testid': 'report-views' }, String(r.views)),
        h('dt', {}, 'Clicks'),
        h('dd', { 'data-testid': 'report-clicks' }, String(r.clicks)),
        h('dt', {}, 'Click-through rate'),
        h('dd', {}, pct(r.ctr)),
        h('dt', {}, 'Filtered (bots, scanners)'),
        h('dd', {}, `${r.bot.views} views, ${r.bot.clicks} clicks`),
      ),
      h('div', { class: 'chart' }, canvas),
      csv,
      h('h3', {}, 'Top employees'),
      h('table', {}, h('tbody', {}, ...r.topEmployees.map((e) => h('tr', {}, h('td', {}, e.name), h('td', {}, `${e.views} views`), h('td', {}, `${e.clicks} clicks`))))),
    );
    new Chart(canvas, {
      type: 'line',
      data: {
        labels: r.days.map((d) => d.day.slice(5)),
        datasets: [
          { label: 'Views', data: r.days.map((d) => d.views), borderColor: '#3d5afe', tension: 0.2 },
          { label: 'Clicks', data: r.days.map((d) => d.clicks), borderColor: '#00a86b', tension: 0.2 },
        ],
      },
      options: { animation: false, maintainAspectRatio: false, scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } },
    });
  } catch (err) {
    mount(target, h('p', { class: 'error' }, err instanceof ApiError ? err.message : 'The report could not be loaded.'));
  }
}

async function downloadCsv(api: Api, c: CampaignView): Promise<void> {
  const text = await api<string>(`/reports/campaigns/${c.id}`, { headers: { Accept: 'text/csv' } });
  const url = URL.createObjectURL(new Blob([text], { type: 'text/csv' }));
  const a = h('a', { href: url, download: `${c.id}-report.csv` });
  a.click();
  URL.revokeObjectURL(url);
}
