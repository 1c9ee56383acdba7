import { useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Phrase } from '../../main/phrases/types';
import { useConnected } from '../api/connection';
import { errorCode, errorText } from '../app/i18n';
import { Dialog } from '../ui/Dialog';
import { EmoticonPicker } from '../ui/EmoticonPicker';
import { IconPlus } from '../ui/icons';
import { RichText } from '../ui/RichText';
import { hasEmoticon } from './emoticons';
import { usePhrases } from './store';

/** Longest content in code points (main/phrases/rules.ts MAX_CONTENT), for the counter only. */
const MAX_CONTENT = 2000;

type Field = 'group' | 'code' | 'content' | 'form';

/** Which field a service error belongs to, so it is shown next to it. */
function fieldOf(code: string | undefined): Field {
  if (!code) return 'form';
  if (code.startsWith('group.')) return 'group';
  if (code === 'phrase.codeTaken' || code === 'phrase.codeInvalid') return 'code';
  if (code.startsWith('phrase.content') || code === 'phrase.duplicate') return 'content';
  return 'form';
}

/**
 * 新增快捷短语 / 编辑快捷短语: group (with 新增分组 inline), shortcut code, content with emoticons.
 * The service checks everything; its errors appear under the field they concern.
 */
export function PhraseDialog({ phrase, initialGroupId, onClose }: { phrase?: Phrase; initialGroupId?: number; onClose(): void }) {
  const { t } = useTranslation();
  const groups = usePhrases((s) => s.groups);
  const defaultGroup = groups.find((g) => g.isDefault) ?? groups[0];
  const [groupId, setGroupId] = useState<number | undefined>(phrase?.groupId ?? initialGroupId ?? defaultGroup?.id);
  const [code, setCode] = useState(phrase?.shortcutCode ?? '');
  const [content, setContent] = useState(phrase?.content ?? '');
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const [saving, setSaving] = useState(false);
  // While the app is out of reach the fields stay editable and kept; only saving waits.
  const connected = useConnected();
  const [addingGroup, setAddingGroup] = useState(false);
  const [groupName, setGroupName] = useState('');
  const contentRef = useRef<HTMLTextAreaElement>(null);
  const selection = useRef({ start: content.length, end: content.length });

  const length = [...content.trim()].length;

  function rememberSelection() {
    const el = contentRef.current;
    if (el) selection.current = { start: el.selectionStart, end: el.selectionEnd };
  }

  function insertEmoticon(emoticon: string) {
    const { start, end } = selection.current;
    const next = content.slice(0, start) + emoticon + content.slice(end);
    setContent(next);
    const caret = start + emoticon.length;
    selection.current = { start: caret, end: caret };
    requestAnimationFrame(() => {
      contentRef.current?.focus();
      contentRef.current?.setSelectionRange(caret, caret);
    });
  }

  async function addGroup() {
    setErrors((e) => ({ ...e, group: undefined }));
    try {
      const group = await usePhrases.getState().createGroup(groupName);
      setGroupId(group.id);
      setAddingGroup(false);
      setGroupName('');
    } catch (e) {
      setErrors((old) => ({ ...old, group: errorText(e) }));
    }
  }

  async function save(e: FormEvent) {
    e.preventDefault();
    if (groupId === undefined || saving) return;
    setSaving(true);
    setErrors({});
    const draft = { groupId, shortcutCode: code.trim() ? code : null, content };
    try {
      if (phrase) await usePhrases.getState().updatePhrase(phrase.id, draft);
      else await usePhrases.getState().createPhrase(draft);
      onClose();
    } catch (err) {
      setSaving(false);
      setErrors({ [fieldOf(errorCode(err))]: errorText(err) });
    }
  }

  const fieldError = (field: Field) =>
    errors[field] ? (
      <p className="field-error" role="alert" id={`phrase-${field}-error`}>
        {errors[field]}
      </p>
    ) : null;

  return (
    <Dialog
      title={phrase ? t('phrases.editTitle') : t('phrases.newTitle')}
      onClose={onClose}
      width={520}
      footer={
        <>
          <button type="button" className="button" onClick={onClose}>
            {t('app.cancel')}
          </button>
          <button type="submit" form="phrase-form" className="button primary" disabled={saving || groupId === undefined || !connected}>
            {t('app.save')}
          </button>
        </>
      }
    >
      <form id="phrase-form" className="form" onSubmit={(e) => void save(e)} noValidate>
        <div className="form-row">
          <label className="form-label" htmlFor="phrase-group">
            {t('phrases.chooseGroup')}
          </label>
          <div className="form-field">
            <div className="inline-controls">
              <select
                id="phrase-group"
                className="select grow"
                value={groupId ?? ''}
                onChange={(e) => setGroupId(Number(e.target.value))}
                aria-invalid={!!errors.group}
              >
                {groups.map((g) => (
                  <option key={g.id} value={g.id}>
                    {g.isDefault ? t('phrases.defaultGroup') : g.name}
                  </option>
                ))}
              </select>
              {!addingGroup && (
                <button type="button" className="button link" onClick={() => setAddingGroup(true)}>
                  <IconPlus />
                  {t('phrases.newGroup')}
                </button>
              )}
            </div>
            {addingGroup && (
              <div className="inline-controls new-group">
                <input
                  className="input grow"
                  aria-label={t('phrases.groupName')}
                  placeholder={t('phrases.groupNamePlaceholder')}
                  value={groupName}
                  autoFocus
                  onChange={(e) => setGroupName(e.target.value)}
                  onKeyDown={(e) => {
                    if (e.key === 'Enter') {
                      e.preventDefault();
                      void addGroup();
                    } else if (e.key === 'Escape') {
                      e.stopPropagation();
                      setAddingGroup(false);
                    }
                  }}
                />
                <button type="button" className="button primary small" onClick={() => void addGroup()}>
                  {t('app.ok')}
                </button>
                <button type="button" className="button small" onClick={() => setAddingGroup(false)}>
                  {t('app.cancel')}
                </button>
              </div>
            )}
            {fieldError('group')}
          </div>
        </div>

        <div className="form-row">
          <label className="form-label" htmlFor="phrase-code">
            {t('phrases.code')}
          </label>
          <div className="form-field">
            <div className="input-prefix">
              <span aria-hidden="true">/</span>
              <input
                id="phrase-code"
                className="input"
                value={code}
                maxLength={64}
                placeholder={t('phrases.codePlaceholder')}
                aria-invalid={!!errors.code}
                aria-describedby="phrase-code-hint"
                onChange={(e) => setCode(e.target.value)}
                data-autofocus={phrase ? undefined : true}
              />
            </div>
            <p className="field-hint" id="phrase-code-hint">
              {t('phrases.codeHint')}
            </p>
            {fieldError('code')}
          </div>
        </div>

        <div className="form-row">
          <label className="form-label" htmlFor="phrase-content">
            {t('phrases.content')}
          </label>
          <div className="form-field">
            <div className="textarea-box">
              <textarea
                id="phrase-content"
                ref={contentRef}
                className="textarea"
                rows={6}
                value={content}
                placeholder={t('phrases.contentPlaceholder')}
                aria-invalid={!!errors.content}
                onChange={(e) => {
                  setContent(e.target.value);
                  selection.current = { start: e.target.selectionStart, end: e.target.selectionEnd };
                }}
                onSelect={rememberSelection}
                onBlur={rememberSelection}
                data-autofocus={phrase ? true : undefined}
              />
              <div className="textarea-toolbar">
                <EmoticonPicker placement="inline" onPick={insertEmoticon} />
                <span className={`counter${length > MAX_CONTENT ? ' over' : ''}`}>
                  {length}/{MAX_CONTENT}
                </span>
              </div>
            </div>
            {hasEmoticon(content) && (
              <div className="content-preview" role="region" aria-label={t('chat.preview')}>
                <RichText text={content} />
              </div>
            )}
            {fieldError('content')}
          </div>
        </div>
        {fieldError('form')}
      </form>
    </Dialog>
  );
}
