import type { RouteDef } from './core/router';

/** The console's URLs: one per screen and per object. Each screen's code loads when first visited. */
export const routes: RouteDef[] = [
  { path: '/', title: 'Overview', minRole: 'user', tag: 'h-overview', nav: 'Overview', load: () => import('./screens/overview') },
  { path: '/notifications', title: 'Notifications', minRole: 'user', tag: 'h-notifications', nav: 'Notifications', load: () => import('./screens/notifications') },
  { path: '/signature', title: 'My signature', minRole: 'user', tag: 'h-my-signature', nav: 'My signature', load: () => import('./screens/my-signature') },
  { path: '/profile', title: 'My profile', minRole: 'user', tag: 'h-profile', nav: 'My profile', load: () => import('./screens/profile') },
  { path: '/templates', title: 'Templates', minRole: 'viewer', tag: 'h-templates', nav: 'Templates', load: () => import('./screens/templates') },
  { path: '/templates/new', title: 'New template', minRole: 'editor', tag: 'h-template-editor', section: '/templates', load: () => import('./screens/template-editor') },
  { path: '/templates/:templateId', title: 'Template', minRole: 'viewer', tag: 'h-template-editor', section: '/templates', load: () => import('./screens/template-editor') },
  { path: '/campaigns', title: 'Campaigns', minRole: 'viewer', tag: 'h-campaigns', nav: 'Campaigns', load: () => import('./screens/campaigns') },
  { path: '/campaigns/new', title: 'New campaign', minRole: 'editor', tag: 'h-campaign-editor', section: '/campaigns', load: () => import('./screens/campaign-editor') },
  { path: '/campaigns/:campaignId', title: 'Campaign', minRole: 'viewer', tag: 'h-campaign-editor', section: '/campaigns', load: () => import('./screens/campaign-editor') },
  { path: '/reports', title: 'Reports', minRole: 'viewer', tag: 'h-reports', nav: 'Reports', load: () => import('./screens/reports') },
  { path: '/directory', title: 'Directory', minRole: 'admin', tag: 'h-directory', nav: 'Directory', load: () => import('./screens/directory') },
  { path: '/directory/connect', title: 'Connect the directory', minRole: 'admin', tag: 'h-directory-connect', section: '/directory', load: () => import('./screens/directory-connect') },
  { path: '/directory/users/:userId', title: 'Directory user', minRole: 'admin', tag: 'h-directory-user', section: '/directory', load: () => import('./screens/directory-user') },
  { path: '/deployment', title: 'Deployment', minRole: 'admin', tag: 'h-deployment', nav: 'Deployment', load: () => import('./screens/deployment') },
  { path: '/addins/outlook', title: 'Outlook add-in', minRole: 'admin', tag: 'h-outlook-addin', nav: 'Outlook add-in', load: () => import('./screens/outlook-addin') },
  { path: '/addins/gmail', title: 'Gmail add-on', minRole: 'admin', tag: 'h-gmail-addon', nav: 'Gmail add-on', load: () => import('./screens/gmail-addon') },
  { path: '/members', title: 'Members', minRole: 'admin', tag: 'h-members', nav: 'Members', load: () => import('./screens/members') },
  { path: '/privacy', title: 'Privacy', minRole: 'admin', tag: 'h-privacy', nav: 'Privacy', load: () => import('./screens/privacy') },
  { path: '/privacy/incidents', title: 'Security incidents', minRole: 'admin', tag: 'h-incidents', section: '/privacy', load: () => import('./screens/incidents') },
  { path: '/privacy/deletions/:deletionId', title: 'Deletion certificate', minRole: 'admin', tag: 'h-deletion', section: '/privacy', load: () => import('./screens/deletion') },
  { path: '/alerts', title: 'Alerts', minRole: 'admin', tag: 'h-alerts', nav: 'Alerts', load: () => import('./screens/alerts') },
  { path: '/audit', title: 'Audit log', minRole: 'admin', tag: 'h-audit', nav: 'Audit log', load: () => import('./screens/audit') },
  { path: '/operator-access', title: 'Operator access', minRole: 'owner', tag: 'h-operator-access', nav: 'Operator access', load: () => import('./screens/operator-access') },
];
