import { clipboard } from 'electron';
import type { ClipboardPort } from '../app/desktop/clipboard-guard';

/**
 * Marks copied secrets for clipboard managers, where the platform has a convention:
 * macOS `org.nspasteboard.ConcealedType` (nspasteboard.org), Windows
 * `ExcludeClipboardContentFromMonitorProcessing` (keeps it out of clipboard history), KDE
 * `x-kde-passwordManagerHint` = "secret" (Klipper skips it). Electron's writeBuffer is marked
 * experimental, so the text is read back: if adding the marker replaced it, the plain text is
 * written again rather than lose the copy.
 */
const concealedFormat: Partial<Record<NodeJS.Platform, { format: string; value: string }>> = {
  darwin: { format: 'org.nspasteboard.ConcealedType', value: '' },
  win32: { format: 'ExcludeClipboardContentFromMonitorProcessing', value: '' },
  linux: { format: 'x-kde-passwordManagerHint', value: 'secret' },
};

export const electronClipboard: ClipboardPort = {
  readText: () => clipboard.readText(),
  writeSecret: (text) => {
    clipboard.writeText(text);
    const marker = concealedFormat[process.platform];
    if (marker === undefined) return;
    try {
      clipboard.writeBuffer(marker.format, Buffer.from(marker.value, 'utf8'));
    } catch {
      // Not supported here: the plain copy stands.
    }
    if (clipboard.readText() !== text) clipboard.writeText(text);
  },
  clear: () => clipboard.clear(),
};
