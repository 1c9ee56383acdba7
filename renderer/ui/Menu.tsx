import { useEffect, useLayoutEffect, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { createPortal } from 'react-dom';
import { captureFocus } from './focusReturn';

/** One entry of a context menu: its label, whether it is destructive (red), and what it does. */
export interface MenuItem {
  key: string;
  label: string;
  onSelect(): void;
  danger?: boolean;
  /** For a choice among several (role menuitemradio). */
  checked?: boolean;
  disabled?: boolean;
  /** Drawn before the label (decorative: the label alone must name the item), e.g. a status dot. */
  icon?: ReactNode;
  /** A second, quieter line under the label (its description for screen readers too). */
  hint?: string;
}

/**
 * A popup menu at a point (a right-click) or under a button: role=menu, ↑ ↓ Home End move, Enter
 * picks, Esc / a click elsewhere / scrolling closes. Kept inside the window.
 *
 * Esc, Tab and picking an item put focus back on the element that had it when the menu opened (the
 * row or button that opened it), before the item's action runs — so a dialog the item opens
 * returns focus there too (WAI-ARIA APG menu button pattern). A click elsewhere leaves focus where
 * the click put it.
 */
export function Menu({ x, y, items, onClose, label }: { x: number; y: number; items: MenuItem[]; onClose(): void; label: string }) {
  const ref = useRef<HTMLDivElement>(null);
  const [pos, setPos] = useState({ left: x, top: y });
  /** Puts focus back where it was before this menu (re)opened; a reused Menu re-captures. */
  const restoreFocus = useRef<() => void>(() => {});

  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    if (!el.contains(document.activeElement)) restoreFocus.current = captureFocus();
    const r = el.getBoundingClientRect();
    setPos({
      left: Math.max(4, Math.min(x, window.innerWidth - r.width - 4)),
      top: Math.max(4, Math.min(y, window.innerHeight - r.height - 4)),
    });
    el.querySelector<HTMLElement>('[role^="menuitem"]:not([disabled])')?.focus();
  }, [x, y]);

  useEffect(() => {
    const away = (e: Event) => {
      if (ref.current && e.target instanceof Node && ref.current.contains(e.target)) return;
      onClose();
    };
    const close = () => onClose();
    document.addEventListener('mousedown', away, true);
    document.addEventListener('contextmenu', away, true);
    window.addEventListener('resize', close);
    window.addEventListener('blur', close);
    document.addEventListener('scroll', close, true);
    return () => {
      document.removeEventListener('mousedown', away, true);
      document.removeEventListener('contextmenu', away, true);
      window.removeEventListener('resize', close);
      window.removeEventListener('blur', close);
      document.removeEventListener('scroll', close, true);
    };
  }, [onClose]);

  function onKeyDown(e: KeyboardEvent) {
    const list = [...(ref.current?.querySelectorAll<HTMLElement>('[role^="menuitem"]:not([disabled])') ?? [])];
    const i = list.indexOf(document.activeElement as HTMLElement);
    let next = -1;
    if (e.key === 'ArrowDown') next = (i + 1) % list.length;
    else if (e.key === 'ArrowUp') next = (i - 1 + list.length) % list.length;
    else if (e.key === 'Home') next = 0;
    else if (e.key === 'End') next = list.length - 1;
    else if (e.key === 'Escape' || e.key === 'Tab') {
      e.preventDefault();
      e.stopPropagation();
      restoreFocus.current();
      onClose();
      return;
    } else return;
    e.preventDefault();
    list[next]?.focus();
  }

  return createPortal(
    <div
      ref={ref}
      className="menu"
      role="menu"
      aria-label={label}
      style={{ left: pos.left, top: pos.top }}
      onKeyDown={onKeyDown}
      onBlur={(e) => {
        // Focus went elsewhere (Ctrl+F to the search box …): a menu without focus is closed.
        if (e.relatedTarget instanceof Node && !e.currentTarget.contains(e.relatedTarget)) onClose();
      }}
    >
      {items.map((item) => (
        <button
          key={item.key}
          type="button"
          role={item.checked === undefined ? 'menuitem' : 'menuitemradio'}
          aria-checked={item.checked}
          className={`menu-item${item.danger ? ' danger' : ''}`}
          disabled={item.disabled}
          tabIndex={-1}
          onClick={() => {
            restoreFocus.current();
            onClose();
            item.onSelect();
          }}
        >
          <span className="menu-check" aria-hidden="true">
            {item.checked ? '✓' : ''}
          </span>
          {item.icon}
          {item.hint ? (
            <span className="menu-text">
              <span>{item.label}</span>
              <span className="menu-hint">{item.hint}</span>
            </span>
          ) : (
            item.label
          )}
        </button>
      ))}
    </div>,
    document.body,
  );
}
