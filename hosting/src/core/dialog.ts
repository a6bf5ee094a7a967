/** A confirm step as a real modal dialog (focus trapped, Escape cancels); resolves true when confirmed. */
export function confirmDialog(opts: { title: string; body: string; confirm: string; danger?: boolean }): Promise<boolean> {
  return new Promise((resolve) => {
    const dialog = document.createElement('dialog');
    dialog.className = 'confirm';
    dialog.setAttribute('aria-labelledby', 'confirm-title');
    const h2 = Object.assign(document.createElement('h2'), { id: 'confirm-title', textContent: opts.title });
    const p = Object.assign(document.createElement('p'), { textContent: opts.body });
    const row = Object.assign(document.createElement('div'), { className: 'row' });
    const cancel = Object.assign(document.createElement('button'), { type: 'button', className: 'secondary', textContent: 'Cancel' });
    const ok = Object.assign(document.createElement('button'), { type: 'button', className: opts.danger ? 'danger' : '', textContent: opts.confirm });
    row.append(ok, cancel);
    dialog.append(h2, p, row);
    const done = (value: boolean) => {
      dialog.close();
      dialog.remove();
      resolve(value);
    };
    ok.addEventListener('click', () => done(true));
    cancel.addEventListener('click', () => done(false));
    dialog.addEventListener('cancel', (ev) => {
      ev.preventDefault();
      done(false);
    });
    document.body.append(dialog);
    dialog.showModal();
    cancel.focus();
  });
}

/** A short message for the whole page (saved, copied…), announced by screen readers. */
export function toast(message: string): void {
  let region = document.getElementById('toast');
  if (!region) {
    region = Object.assign(document.createElement('div'), { id: 'toast', className: 'toast' });
    region.setAttribute('role', 'status');
    document.body.append(region);
  }
  region.textContent = message;
  region.classList.add('shown');
  window.setTimeout(() => region.classList.remove('shown'), 4000);
}

/** Saves text (or a Blob) as a file the browser downloads. */
export function saveFile(content: string | Blob, name: string, type = 'application/octet-stream'): void {
  const url = URL.createObjectURL(typeof content === 'string' ? new Blob([content], { type }) : content);
  const a = Object.assign(document.createElement('a'), { href: url, download: name });
  document.body.append(a);
  a.click();
  a.remove();
  window.setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** Puts a signature on the clipboard as rich HTML (pastes as a signature in Gmail / Outlook settings), with plain text too. */
export async function copyRich(html: string, text: string): Promise<void> {
  if ('ClipboardItem' in window && navigator.clipboard?.write) {
    await navigator.clipboard.write([
      new ClipboardItem({ 'text/html': new Blob([html], { type: 'text/html' }), 'text/plain': new Blob([text], { type: 'text/plain' }) }),
    ]);
    return;
  }
  // Browsers without ClipboardItem: the HTML source, which Outlook and Gmail settings do not take as rich text.
  await navigator.clipboard.writeText(html);
}
