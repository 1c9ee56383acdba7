import { lazy, Suspense, useCallback, useEffect, useMemo, useRef, useState, type RefObject } from 'react';
import { useTranslation } from 'react-i18next';
import type { Phrase, PhraseGroup } from '../../main/phrases/types';
import { isConnected, useConnected } from '../api/connection';
import { errorText } from '../app/i18n';
import { useChat } from '../chat/store';
import { ConfirmDialog } from '../ui/Dialog';
import { useFocusHome } from '../ui/focusReturn';
import { IconClose, IconExport, IconImport, IconMore, IconPlus, IconSearch } from '../ui/icons';
import { isComposing, isMacPlatform, isPlain, primaryShortcutLabel } from '../ui/keys';
import { Menu, type MenuItem } from '../ui/Menu';
import { RichText } from '../ui/RichText';
import { DeleteGroupDialog, GroupNameDialog, GroupsDialog } from './GroupDialogs';
import { PhraseDialog } from './PhraseDialog';
import type { PhraseActions } from './PhraseItem';
import { PhraseList, type ListHandle } from './PhraseList';
import { SearchResults } from './SearchResults';
import { SuggestedReplies } from './SuggestedReplies';
import { usePhrases } from './store';

// The pack dialogs are loaded when first opened (they are most of the panel's code and rarely used).
const ImportDialog = lazy(() => import('../packs/ImportDialog').then((m) => ({ default: m.ImportDialog })));
const ExportDialog = lazy(() => import('../packs/ExportDialog').then((m) => ({ default: m.ExportDialog })));

type DialogState =
  | { kind: 'newPhrase'; groupId?: number }
  | { kind: 'editPhrase'; phrase: Phrase }
  | { kind: 'deletePhrase'; phrase: Phrase }
  | { kind: 'newGroup' }
  | { kind: 'renameGroup'; group: PhraseGroup }
  | { kind: 'deleteGroup'; group: PhraseGroup }
  | { kind: 'groups' }
  | { kind: 'import' }
  | { kind: 'export' };

type MenuState = { x: number; y: number; label: string; items: MenuItem[] };

/** Longest gap between the two clicks of a double-click any system allows (Windows: up to 900). */
const DOUBLE_CLICK_MS = 1000;

/**
 * The search box: keeps its own text so a keystroke re-renders only itself and the results.
 * Ctrl+F (⌘F) anywhere focuses it and selects its text (`useFindShortcut.ts`); ↓ enters the
 * results below it (`onArrowDown`); Esc clears it. Keys an input method is composing with stay
 * with the IME.
 */
function SearchBox({ inputRef, onArrowDown }: { inputRef: RefObject<HTMLInputElement | null>; onArrowDown(): void }) {
  const { t } = useTranslation();
  const [text, setText] = useState(() => usePhrases.getState().query);
  const focusPending = usePhrases((s) => s.searchFocusPending);
  const mac = isMacPlatform();
  const keys = primaryShortcutLabel('F', mac);

  useEffect(() => {
    if (!focusPending) return;
    inputRef.current?.focus();
    inputRef.current?.select();
    usePhrases.getState().searchFocused();
  }, [focusPending, inputRef]);

  return (
    <div className="search-box">
      <IconSearch />
      <input
        ref={inputRef}
        type="search"
        className="search-input"
        aria-label={t('phrases.search')}
        aria-keyshortcuts={mac ? 'Meta+F' : 'Control+F'}
        placeholder={t('phrases.searchPlaceholder')}
        value={text}
        onChange={(e) => {
          setText(e.target.value);
          usePhrases.getState().setQuery(e.target.value);
        }}
        onKeyDown={(e) => {
          if (isComposing(e.nativeEvent)) return;
          if (e.key === 'Escape' && text) {
            e.preventDefault();
            setText('');
            usePhrases.getState().setQuery('');
          } else if (e.key === 'ArrowDown' && isPlain(e)) {
            e.preventDefault();
            onArrowDown();
          }
        }}
      />
      <kbd className="search-keys" aria-hidden="true">
        {keys}
      </kbd>
    </div>
  );
}

/**
 * The quick-phrase panel (快捷短语): search, 新建 / 导入 / 导出, group management, the grouped list or
 * the search results. As in Qianniu, click inserts into the composer, double-click sends,
 * right-click offers 编辑 / 删除; from the keyboard, Enter, Ctrl+Enter and the menu keys do the same,
 * and focus goes back to the row (or, once it is gone, its list or the search box) when a menu or
 * dialog closes.
 */
export function PhrasePanel() {
  const { t } = useTranslation();
  const status = usePhrases((s) => s.status);
  const loadError = usePhrases((s) => s.loadError);
  const searching = usePhrases((s) => s.query.trim() !== '');
  const total = usePhrases((s) => s.phrases.length);
  /** Out of reach of the app: nothing that changes the list can be done (the connection bar says why). */
  const offline = !useConnected();
  const [dialog, setDialog] = useState<DialogState | null>(null);
  const [menu, setMenu] = useState<MenuState | null>(null);
  const [deleteError, setDeleteError] = useState<string | null>(null);
  /** A failure of an action that has no dialog of its own (moving a group from its menu). */
  const [notice, setNotice] = useState<string | null>(null);
  const moreRef = useRef<HTMLButtonElement>(null);
  const searchRef = useRef<HTMLInputElement>(null);
  const treeRef = useRef<ListHandle>(null);
  const resultsRef = useRef<ListHandle>(null);
  const bodyRef = useRef<HTMLDivElement>(null);
  const focusSearch = useCallback(() => searchRef.current?.focus(), []);
  // The last place focus can go back to when a dialog's row and list are gone: the search box.
  useFocusHome(bodyRef, () => {
    searchRef.current?.focus();
    return document.activeElement === searchRef.current;
  });
  /** The composer as it was before the last click's insert, so a double-click can send instead. */
  const lastInsert = useRef<{ id: number; draft: string; selection: { start: number; end: number }; hasPhrase: boolean; at: number } | null>(null);

  useEffect(() => {
    if (usePhrases.getState().status === 'idle') void usePhrases.getState().load();
  }, []);

  const closeDialog = useCallback(() => setDialog(null), []);
  const closeMenu = useCallback(() => setMenu(null), []);

  const actions = useMemo<PhraseActions>(
    () => ({
      use(phrase, how, from) {
        // Offline a double-click keeps its first click's insert instead of a send that cannot go.
        if (how === 'send' && !isConnected()) return;
        const chat = useChat.getState();
        if (from === 'key') {
          lastInsert.current = null;
          if (how === 'send') chat.send(phrase.content, 'phrase');
          else chat.insert(phrase.content, 'phrase');
        } else if (how === 'send') {
          // The double-click's first click inserted this phrase a moment ago: take that back.
          const undo = lastInsert.current;
          lastInsert.current = null;
          const doubleClick = undo?.id === phrase.id && performance.now() - undo.at < DOUBLE_CLICK_MS;
          if (doubleClick) chat.setDraft(undo.draft, undo.selection, undo.hasPhrase);
          chat.send(phrase.content, 'phrase');
          if (doubleClick) return; // its use was counted by the insert
        } else {
          lastInsert.current = { id: phrase.id, draft: chat.draft, selection: chat.selection, hasPhrase: chat.draftHasPhrase, at: performance.now() };
          chat.insert(phrase.content, 'phrase');
        }
        usePhrases.getState().recordUse(phrase.id);
      },
      openMenu(phrase, x, y) {
        setMenu({
          x,
          y,
          label: t('phrases.menuLabel'),
          items: [
            { key: 'edit', label: t('app.edit'), disabled: !isConnected(), onSelect: () => setDialog({ kind: 'editPhrase', phrase }) },
            { key: 'delete', label: t('app.delete'), danger: true, disabled: !isConnected(), onSelect: () => setDialog({ kind: 'deletePhrase', phrase }) },
          ],
        });
      },
    }),
    [t],
  );

  const openGroupMenu = useCallback(
    (group: PhraseGroup, x: number, y: number) => {
      const groups = usePhrases.getState().groups;
      const i = groups.findIndex((g) => g.id === group.id);
      const move = (delta: -1 | 1) => void usePhrases.getState().moveGroup(group.id, delta).catch((e: unknown) => setNotice(errorText(e)));
      setMenu({
        x,
        y,
        label: t('groups.menuLabel'),
        items: [
          { key: 'add', label: t('groups.addPhraseHere'), disabled: !isConnected(), onSelect: () => setDialog({ kind: 'newPhrase', groupId: group.id }) },
          { key: 'rename', label: t('groups.rename'), disabled: group.isDefault || !isConnected(), onSelect: () => setDialog({ kind: 'renameGroup', group }) },
          { key: 'up', label: t('groups.moveUp'), disabled: i <= 0 || !isConnected(), onSelect: () => move(-1) },
          { key: 'down', label: t('groups.moveDown'), disabled: i < 0 || i >= groups.length - 1 || !isConnected(), onSelect: () => move(1) },
          { key: 'delete', label: t('app.delete'), danger: true, disabled: group.isDefault || !isConnected(), onSelect: () => setDialog({ kind: 'deleteGroup', group }) },
        ],
      });
    },
    [t],
  );

  function openMoreMenu() {
    const r = moreRef.current?.getBoundingClientRect();
    const collapseAll = () => usePhrases.getState().setAllCollapsed(true);
    const expandAll = () => usePhrases.getState().setAllCollapsed(false);
    setMenu({
      x: r ? r.right - 160 : 0,
      y: r ? r.bottom + 4 : 0,
      label: t('groups.manage'),
      items: [
        { key: 'new', label: t('phrases.newGroup'), disabled: !isConnected(), onSelect: () => setDialog({ kind: 'newGroup' }) },
        { key: 'manage', label: t('groups.manageEllipsis'), disabled: !isConnected(), onSelect: () => setDialog({ kind: 'groups' }) },
        { key: 'expand', label: t('groups.expandAll'), onSelect: expandAll },
        { key: 'collapse', label: t('groups.collapseAll'), onSelect: collapseAll },
      ],
    });
  }

  async function confirmDeletePhrase(phrase: Phrase) {
    setDeleteError(null);
    try {
      await usePhrases.getState().deletePhrase(phrase.id);
      setDialog(null);
    } catch (e) {
      setDeleteError(errorText(e));
    }
  }

  return (
    <aside className="phrase-panel" aria-label={t('phrases.title')}>
      <header className="panel-header">
        <div className="panel-title-row">
          <h2 className="panel-title">{t('phrases.title')}</h2>
          <span className="panel-total">{status === 'ready' ? t('phrases.totalCount', { count: total }) : ''}</span>
        </div>
        <SearchBox inputRef={searchRef} onArrowDown={() => (searching ? resultsRef : treeRef).current?.focus()} />
        <div className="panel-actions">
          <button type="button" className="button small" disabled={offline} onClick={() => setDialog({ kind: 'newPhrase' })}>
            <IconPlus />
            {t('phrases.new')}
          </button>
          <button type="button" className="button small" disabled={offline} onClick={() => setDialog({ kind: 'import' })}>
            <IconImport />
            {t('packs.import')}
          </button>
          <button type="button" className="button small" disabled={offline} onClick={() => setDialog({ kind: 'export' })}>
            <IconExport />
            {t('packs.export')}
          </button>
          <span className="spacer" />
          <button
            type="button"
            ref={moreRef}
            className="icon-button"
            aria-label={t('groups.manage')}
            title={t('groups.manage')}
            aria-haspopup="menu"
            aria-expanded={menu?.label === t('groups.manage')}
            onClick={openMoreMenu}
          >
            <IconMore />
          </button>
        </div>
      </header>
      <SuggestedReplies />
      {notice && (
        <div className="alert error panel-notice" role="alert">
          <span className="grow">{notice}</span>
          <button type="button" className="icon-button" aria-label={t('app.close')} onClick={() => setNotice(null)}>
            <IconClose />
          </button>
        </div>
      )}
      <div className="panel-body" ref={bodyRef}>
        {status === 'failed' ? (
          <div className="panel-message error" role="alert">
            <p>{errorText(loadError)}</p>
            <button type="button" className="button small" onClick={() => void usePhrases.getState().load()}>
              {t('app.retry')}
            </button>
          </div>
        ) : status !== 'ready' ? (
          <p className="panel-message" aria-busy="true">
            {t('app.loading')}
          </p>
        ) : (
          <>
            {searching && <SearchResults ref={resultsRef} actions={actions} onLeaveTop={focusSearch} />}
            {/* Mounted while searching too: remounting 100,000 rows on every cleared search costs
                ~85 ms, which a fast typist would feel on the next keystroke. */}
            <PhraseList ref={treeRef} actions={actions} onGroupMenu={openGroupMenu} onLeaveTop={focusSearch} hidden={searching} />
          </>
        )}
      </div>
      {/* The mouse's hint, or the keyboard's while a list row has focus (CSS swaps them). */}
      <footer className="panel-footer">
        <span className="hint-pointer">{t('phrases.usageHint')}</span>
        <span className="hint-keys">{t('phrases.keyHint')}</span>
      </footer>

      {menu && <Menu x={menu.x} y={menu.y} label={menu.label} items={menu.items} onClose={closeMenu} />}
      {dialog?.kind === 'newPhrase' && (
        <PhraseDialog onClose={closeDialog} {...(dialog.groupId !== undefined ? { initialGroupId: dialog.groupId } : {})} />
      )}
      {dialog?.kind === 'editPhrase' && <PhraseDialog phrase={dialog.phrase} onClose={closeDialog} />}
      {dialog?.kind === 'deletePhrase' && (
        <ConfirmDialog
          title={t('phrases.deleteTitle')}
          message={
            <>
              <p>{t('phrases.deleteQuestion')}</p>
              <blockquote className="quote">
                <RichText text={dialog.phrase.content} />
              </blockquote>
            </>
          }
          confirmLabel={t('app.delete')}
          danger
          disabled={offline}
          error={deleteError}
          onConfirm={() => confirmDeletePhrase(dialog.phrase)}
          onCancel={() => {
            setDeleteError(null);
            closeDialog();
          }}
        />
      )}
      {dialog?.kind === 'newGroup' && <GroupNameDialog onClose={closeDialog} />}
      {dialog?.kind === 'renameGroup' && <GroupNameDialog group={dialog.group} onClose={closeDialog} />}
      {dialog?.kind === 'deleteGroup' && <DeleteGroupDialog group={dialog.group} onClose={closeDialog} />}
      {dialog?.kind === 'groups' && <GroupsDialog onClose={closeDialog} />}
      <Suspense fallback={null}>
        {dialog?.kind === 'import' && <ImportDialog onClose={closeDialog} />}
        {dialog?.kind === 'export' && <ExportDialog onClose={closeDialog} />}
      </Suspense>
    </aside>
  );
}
