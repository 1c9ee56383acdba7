import { useEffect } from 'react';
import { isComposing, isPrimaryShortcut } from '../ui/keys';
import { usePhrases } from './store';

/**
 * Ctrl+F (⌘F on macOS) anywhere in the window focuses the quick-phrase search box, opening the
 * panel if it is closed — the shortcut every desktop app gives to "find". Not while a modal dialog
 * is open (it owns the keyboard) nor while an input method is composing. Call once, from the app.
 */
export function useFindShortcut(): void {
  useEffect(() => {
    const onKeyDown = (e: KeyboardEvent) => {
      if (e.defaultPrevented || isComposing(e) || !isPrimaryShortcut(e, 'f')) return;
      if (document.querySelector('[aria-modal="true"]')) return;
      // The browser's own find bar would otherwise open (in the browser host).
      e.preventDefault();
      usePhrases.getState().focusSearch();
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, []);
}
