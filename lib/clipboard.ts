/**
 * Text to the clipboard, also where the asynchronous Clipboard API is missing: it exists only in
 * secure contexts (https, localhost), and a dashboard reached over plain http at a cluster's
 * address has none, nor does a browser that refuses the permission. There the text is copied as
 * the selection of a hidden textarea with `document.execCommand('copy')`: deprecated, and still
 * what browsers honour from a click.
 *
 * Contract: `copyText(text)` resolves true once the text is on the clipboard, false when neither
 * way could put it there; never throws. The focus is where it was before (the textarea it
 * selects in between is removed).
 */
export async function copyText(text: string): Promise<boolean> {
  try {
    if (navigator.clipboard?.writeText) {
      await navigator.clipboard.writeText(text);
      return true;
    }
  } catch {
    // Refused (no permission, document not focused): the selection may still be copied.
  }
  return copyBySelection(text);
}

function copyBySelection(text: string): boolean {
  const area = document.createElement('textarea');
  area.value = text;
  area.readOnly = true;
  area.setAttribute('aria-hidden', 'true');
  area.tabIndex = -1;
  Object.assign(area.style, { position: 'fixed', top: '0', left: '0', opacity: '0' });
  const focused = document.activeElement;
  document.body.append(area);
  let copied = false;
  try {
    area.select();
    copied = document.execCommand('copy');
  } catch {
    copied = false;
  } finally {
    area.remove();
    if (focused instanceof HTMLElement) focused.focus({ preventScroll: true });
  }
  return copied;
}
