import { html } from 'lit';
import '../components/notification-list';
import { ScreenElement } from '../core/element';

/** Internal notifications for the signed-in employee (the list is shared with the employee's home). */
export class Notifications extends ScreenElement {
  override render() {
    return html`<h1>Notifications</h1><h-notification-list .api=${this.api}></h-notification-list>`;
  }
}
customElements.define('h-notifications', Notifications);
