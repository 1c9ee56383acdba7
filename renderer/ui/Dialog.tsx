import { useEffect, useId, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { createPortal } from 'react-dom';
import { useTranslation } from 'react-i18next';
import { captureFocus } from './focusReturn';
import { IconClose } from './icons';

/** What Tab can reach: a control inside a roving-tabindex group (tabindex=-1) is reached by arrows. */
const FOCUSABLE = [
  'button:not([disabled])',
  '[href]',
  'input:not([disabled])',
  'select:not([disabled])',
  'textarea:not([disabled])',
  '[tabindex]',
]
  .map((s) => `${s}:not([tabindex="-1"])`)
  .join(', ');

/** Open dialogs, innermost last: only the top one keeps focus and answers Esc. */
const openDialogs: HTMLElement[] = [];

/** A modal dialog: title, body, footer buttons; Esc and the × close it, focus stays inside. */
export interface DialogProps {
  title: string;
  onClose(): void;
  children: ReactNode;
  /** Buttons along the bottom edge, right-aligned. */
  footer?: ReactNode;
  /** Width in px (the dialog never exceeds the window). */
  width?: number;
  /** Esc and the × button do nothing while true (e.g. an import is running). */
  busy?: boolean;
  className?: string;
}

/**
 * A modal dialog centred over a dimmed backdrop: focus moves in (to `[data-autofocus]` or the first
 * control), Tab stays inside, Esc or × closes, and focus returns to where it was — or, when that
 * element is gone (the phrase just deleted), to the list or panel that held it (`focusReturn.ts`).
 */
export function Dialog({ title, onClose, children, footer, width = 480, busy = false, className }: DialogProps) {
  const { t } = useTranslation();
  const titleId = useId();
  const ref = useRef<HTMLDivElement>(null);

  // The latest props, for the document-level listeners registered once below.
  const latest = useRef({ onClose, busy });
  latest.current = { onClose, busy };

  useEffect(() => {
    const restoreFocus = captureFocus();
    const box = ref.current;
    if (!box) return;
    const first = box.querySelector<HTMLElement>('[data-autofocus]') ?? box.querySelector<HTMLElement>(FOCUSABLE);
    (first ?? box).focus();
    openDialogs.push(box);
    const isTop = () => openDialogs[openDialogs.length - 1] === box;
    // Focus may leave the box without a Tab: a clicked control that re-renders away (开始导入), a
    // popup that closes. Pull it back, and keep Esc and Tab working while it is on <body>.
    const onFocusIn = (e: FocusEvent) => {
      const target = e.target as Element | null;
      if (isTop() && target && !box.contains(target) && !target.closest('[role="menu"]')) box.focus();
    };
    const onKeyDown = (e: globalThis.KeyboardEvent) => {
      const active = document.activeElement;
      if (!isTop() || (active && active !== document.body && box.contains(active))) return;
      if (e.key === 'Escape') {
        e.preventDefault();
        if (!latest.current.busy) latest.current.onClose();
      } else if (e.key === 'Tab') {
        e.preventDefault();
        (box.querySelector<HTMLElement>(FOCUSABLE) ?? box).focus();
      }
    };
    document.addEventListener('focusin', onFocusIn);
    document.addEventListener('keydown', onKeyDown);
    return () => {
      document.removeEventListener('focusin', onFocusIn);
      document.removeEventListener('keydown', onKeyDown);
      openDialogs.splice(openDialogs.indexOf(box), 1);
      // Only when focus would otherwise be lost: a dialog replaced by another keeps the new one's.
      const active = document.activeElement;
      if (!active || active === document.body || box.contains(active)) restoreFocus();
    };
  }, []);

  function onKeyDown(e: KeyboardEvent<HTMLDivElement>) {
    if (e.key === 'Escape') {
      e.stopPropagation();
      if (!busy) onClose();
      return;
    }
    if (e.key !== 'Tab' || !ref.current) return;
    e.stopPropagation();
    const items = [...ref.current.querySelectorAll<HTMLElement>(FOCUSABLE)].filter((el) => el.offsetParent !== null);
    if (!items.length) return;
    const first = items[0]!;
    const last = items[items.length - 1]!;
    if (e.shiftKey && document.activeElement === first) {
      e.preventDefault();
      last.focus();
    } else if (!e.shiftKey && document.activeElement === last) {
      e.preventDefault();
      first.focus();
    }
  }

  return createPortal(
    <div className="dialog-backdrop">
      <div
        ref={ref}
        className={`dialog ${className ?? ''}`}
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        tabIndex={-1}
        style={{ width }}
        onKeyDown={onKeyDown}
      >
        <header className="dialog-header">
          <h2 id={titleId}>{title}</h2>
          <button type="button" className="icon-button" aria-label={t('app.close')} title={t('app.close')} onClick={onClose} disabled={busy}>
            <IconClose />
          </button>
        </header>
        <div className="dialog-body">{children}</div>
        {footer && <footer className="dialog-footer">{footer}</footer>}
      </div>
    </div>,
    document.body,
  );
}

/** A yes/no question in an in-app dialog (never window.confirm). */
export function ConfirmDialog(props: {
  title: string;
  message: ReactNode;
  confirmLabel: string;
  danger?: boolean;
  onConfirm(): void | Promise<void>;
  onCancel(): void;
  error?: string | null;
  /** The confirm button is off (e.g. while the app is out of reach); cancelling still works. */
  disabled?: boolean;
}) {
  const { t } = useTranslation();
  // One confirmation at a time: a double-click must not delete twice (the second would fail).
  const [working, setWorking] = useState(false);
  async function confirm() {
    if (working || props.disabled) return;
    setWorking(true);
    try {
      await props.onConfirm();
    } finally {
      setWorking(false);
    }
  }
  return (
    <Dialog
      title={props.title}
      onClose={props.onCancel}
      width={400}
      busy={working}
      footer={
        <>
          <button type="button" className="button" onClick={props.onCancel} disabled={working}>
            {t('app.cancel')}
          </button>
          <button
            type="button"
            className={`button ${props.danger ? 'danger' : 'primary'}`}
            data-autofocus
            disabled={working || props.disabled}
            onClick={() => void confirm()}
          >
            {props.confirmLabel}
          </button>
        </>
      }
    >
      <div className="confirm-message">{props.message}</div>
      {props.error && (
        <p className="form-error" role="alert">
          {props.error}
        </p>
      )}
    </Dialog>
  );
}
