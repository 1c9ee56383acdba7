import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DeleteGroupMode, PhraseGroup } from '../../main/phrases/types';
import { errorText } from '../app/i18n';
import { Dialog } from '../ui/Dialog';
import { usePhrases } from './store';

/** 新增分组 (group is undefined) or 重命名分组: one name field. */
export function GroupNameDialog({ group, onClose }: { group?: PhraseGroup; onClose(): void }) {
  const { t } = useTranslation();
  const [name, setName] = useState(group?.name ?? '');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function save() {
    setBusy(true);
    setError(null);
    try {
      if (group) await usePhrases.getState().renameGroup(group.id, name);
      else await usePhrases.getState().createGroup(name);
      onClose();
    } catch (e) {
      setBusy(false);
      setError(errorText(e));
    }
  }

  return (
    <Dialog
      title={group ? t('groups.renameTitle') : t('phrases.newGroup')}
      onClose={onClose}
      width={400}
      footer={
        <>
          <button type="button" className="button" onClick={onClose}>
            {t('app.cancel')}
          </button>
          <button type="button" className="button primary" disabled={busy} onClick={() => void save()}>
            {t('app.save')}
          </button>
        </>
      }
    >
      <label className="stacked-label" htmlFor="group-name">
        {t('phrases.groupName')}
      </label>
      <input
        id="group-name"
        className="input wide"
        value={name}
        data-autofocus
        aria-invalid={!!error}
        onChange={(e) => setName(e.target.value)}
        onKeyDown={(e) => {
          if (e.key === 'Enter') {
            e.preventDefault();
            void save();
          }
        }}
      />
      {error && (
        <p className="field-error" role="alert">
          {error}
        </p>
      )}
    </Dialog>
  );
}

/**
 * 删除分组: an empty group is deleted after a yes; a non-empty one asks whether its phrases move to
 * 默认分组 or go with it.
 */
export function DeleteGroupDialog({ group, onClose }: { group: PhraseGroup; onClose(): void }) {
  const { t } = useTranslation();
  const [mode, setMode] = useState<DeleteGroupMode>('moveToDefault');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const empty = group.phraseCount === 0;

  async function remove() {
    setBusy(true);
    setError(null);
    try {
      await usePhrases.getState().deleteGroup(group.id, mode);
      onClose();
    } catch (e) {
      setBusy(false);
      setError(errorText(e));
    }
  }

  return (
    <Dialog
      title={t('groups.deleteTitle')}
      onClose={onClose}
      width={440}
      footer={
        <>
          <button type="button" className="button" onClick={onClose}>
            {t('app.cancel')}
          </button>
          <button type="button" className="button danger" disabled={busy} data-autofocus onClick={() => void remove()}>
            {t('app.delete')}
          </button>
        </>
      }
    >
      {empty ? (
        <p className="confirm-message">{t('groups.deleteEmpty', { name: group.name })}</p>
      ) : (
        <fieldset className="choice-list">
          <legend className="confirm-message">{t('groups.deleteNonEmpty', { name: group.name, count: group.phraseCount })}</legend>
          <label className="choice">
            <input type="radio" name="delete-mode" checked={mode === 'moveToDefault'} onChange={() => setMode('moveToDefault')} />
            {t('groups.moveToDefault')}
          </label>
          <label className="choice">
            <input type="radio" name="delete-mode" checked={mode === 'deletePhrases'} onChange={() => setMode('deletePhrases')} />
            {t('groups.deletePhrases', { count: group.phraseCount })}
          </label>
        </fieldset>
      )}
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
    </Dialog>
  );
}

/** 管理分组: every group with 重命名, 上移, 下移, 删除; 默认分组 is locked. */
export function GroupsDialog({ onClose }: { onClose(): void }) {
  const { t } = useTranslation();
  const groups = usePhrases((s) => s.groups);
  const [editing, setEditing] = useState<PhraseGroup | 'new' | null>(null);
  const [deleting, setDeleting] = useState<PhraseGroup | null>(null);
  const [error, setError] = useState<string | null>(null);

  async function move(group: PhraseGroup, delta: -1 | 1) {
    setError(null);
    try {
      await usePhrases.getState().moveGroup(group.id, delta);
    } catch (e) {
      setError(errorText(e));
    }
  }

  return (
    <Dialog
      title={t('groups.manageTitle')}
      onClose={onClose}
      width={520}
      footer={
        <>
          <button type="button" className="button" onClick={() => setEditing('new')}>
            {t('phrases.newGroup')}
          </button>
          <span className="spacer" />
          <button type="button" className="button primary" onClick={onClose}>
            {t('app.done')}
          </button>
        </>
      }
    >
      <ul className="group-table" aria-label={t('groups.listLabel')}>
        {groups.map((g, i) => {
          const name = g.isDefault ? t('phrases.defaultGroup') : g.name;
          return (
            <li key={g.id} className="group-table-row">
              <span className="group-table-name" title={name}>
                {name}
                {g.isDefault && <span className="badge">{t('groups.locked')}</span>}
              </span>
              <span className="group-table-count">{t('groups.count', { count: g.phraseCount })}</span>
              <span className="group-table-actions">
                <button type="button" className="button small" disabled={g.isDefault} onClick={() => setEditing(g)} aria-label={t('groups.renameNamed', { name })}>
                  {t('groups.rename')}
                </button>
                <button type="button" className="button small" disabled={i === 0} onClick={() => void move(g, -1)} aria-label={t('groups.moveUpNamed', { name })}>
                  {t('groups.moveUp')}
                </button>
                <button type="button" className="button small" disabled={i === groups.length - 1} onClick={() => void move(g, 1)} aria-label={t('groups.moveDownNamed', { name })}>
                  {t('groups.moveDown')}
                </button>
                <button type="button" className="button small danger-text" disabled={g.isDefault} onClick={() => setDeleting(g)} aria-label={t('groups.deleteNamed', { name })}>
                  {t('app.delete')}
                </button>
              </span>
            </li>
          );
        })}
      </ul>
      {error && (
        <p className="form-error" role="alert">
          {error}
        </p>
      )}
      {editing && <GroupNameDialog {...(editing === 'new' ? {} : { group: editing })} onClose={() => setEditing(null)} />}
      {deleting && <DeleteGroupDialog group={deleting} onClose={() => setDeleting(null)} />}
    </Dialog>
  );
}
