import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AgentStatus } from '../../main/chat/types';
import { Menu } from '../ui/Menu';
import { STATUSES, useAgentStatus } from './status';

/** The coloured dot of a status (decorative: the words carry the meaning). */
export function StatusDot({ status }: { status: AgentStatus }) {
  return <span className={`status-dot status-${status}`} aria-hidden="true" />;
}

/**
 * The status menu in the top bar: a button showing the agent's status (dot and word; its name
 * "我的状态：在线"), opening a menu of 在线 / 忙碌 / 离开 / 挂起 — ↑ ↓ and Enter from the keyboard
 * (renderer/ui/Menu.tsx). A change is stored in main with its time; a refusal shows under the bar.
 */
export function StatusMenu() {
  const { t } = useTranslation();
  const status = useAgentStatus((s) => s.status);
  const error = useAgentStatus((s) => s.error);
  const [menu, setMenu] = useState<{ x: number; y: number } | null>(null);
  const button = useRef<HTMLButtonElement>(null);
  const word = t(`status.${status}`);

  function open() {
    const r = button.current?.getBoundingClientRect();
    setMenu(r ? { x: r.left, y: r.bottom + 4 } : { x: 0, y: 0 });
  }

  return (
    <>
      <button
        ref={button}
        type="button"
        className="top-button status-button"
        aria-label={t('status.label', { status: word })}
        title={t('status.hints.' + status, { defaultValue: '' }) || undefined}
        aria-haspopup="menu"
        aria-expanded={!!menu}
        onClick={() => (menu ? setMenu(null) : open())}
        onKeyDown={(e) => {
          // The menu-button pattern: ↓ opens the menu as Enter does.
          if (e.key === 'ArrowDown' && !menu) {
            e.preventDefault();
            open();
          }
        }}
      >
        <StatusDot status={status} />
        <span>{word}</span>
        <span className="caret" aria-hidden="true">
          ▾
        </span>
      </button>
      {error && (
        <span className="top-error" role="alert">
          {error}
        </span>
      )}
      {menu && (
        <Menu
          x={menu.x}
          y={menu.y}
          label={t('status.menuLabel')}
          onClose={() => setMenu(null)}
          items={STATUSES.map((s) => ({
            key: s,
            label: t(`status.${s}`),
            hint: t(`status.hints.${s}`),
            checked: s === status,
            icon: <StatusDot status={s} />,
            onSelect: () => void useAgentStatus.getState().set(s),
          }))}
        />
      )}
    </>
  );
}
