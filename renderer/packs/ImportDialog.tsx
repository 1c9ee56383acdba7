import { useEffect, useId, useState, type DragEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { PackPreview, PreviewOutcome } from '../../main/packs/service';
import type { CodeConflictChoice } from '../../main/phrases/code-conflicts';
import type { PackEncoding, PackProblem } from '../../main/packs/types';
import { useConnected } from '../api/connection';
import { importFilters, nativeFiles } from '../api/native-files';
import { errorCode, errorText, useLocale } from '../app/i18n';
import { translate } from '../../main/i18n/index';
import { Dialog } from '../ui/Dialog';
import { IconFile, IconWarn } from '../ui/icons';
import { RichText } from '../ui/RichText';
import { useImport, type ImportProgress } from './store';

const ENCODINGS: PackEncoding[] = ['utf-8', 'gb18030', 'utf-16le', 'utf-16be'];

/** Overall progress 0–100: reading the file is the first 10 %, writing rows the rest. */
export function percentOf(p: ImportProgress | null): number {
  if (!p || p.total <= 0) return 0;
  const part = Math.min(1, p.done / p.total);
  return Math.floor(p.phase === 'read' ? part * 10 : 10 + part * 90);
}

function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** "行 12：reason" for a row problem, in the UI language. */
function ProblemList({ problems, total }: { problems: readonly PackProblem[]; total: number }) {
  const { t } = useTranslation();
  const locale = useLocale((s) => s.locale);
  if (!problems.length) return null;
  return (
    <section className="problems" aria-label={t('packs.problems')}>
      <h3 className="section-title">
        <IconWarn />
        {t('packs.problemsTitle', { count: total })}
      </h3>
      <ul className="problem-list">
        {problems.map((p, i) => (
          <li key={`${p.line}-${i}`}>
            <span className="problem-line">{t('packs.line', { line: p.line })}</span>
            {translate(locale, `errors.${p.code}`, p.params ?? {})}
          </li>
        ))}
      </ul>
      {total > problems.length && <p className="field-hint">{t('packs.moreProblems', { count: total - problems.length })}</p>}
    </section>
  );
}

/** The preview's figures for the way the agent has chosen to import. */
function chosenOutcome(preview: PackPreview, replace: boolean, onCodeConflict: CodeConflictChoice): PreviewOutcome {
  return preview.outcomes[replace ? 'replace' : onCodeConflict];
}

/**
 * The preview; `options` (清空 and the code-conflict choice) sit right under the counts they change,
 * so the agent sees the figures move as they choose.
 */
function PreviewView({ preview, outcome, showUpdated, options }: { preview: PackPreview; outcome: PreviewOutcome; showUpdated: boolean; options: ReactNode }) {
  const { t } = useTranslation();
  const columnName = (index: number) =>
    index < 0 ? null : preview.headerRecognised && preview.header[index] ? preview.header[index] : t('packs.columnN', { n: index + 1 });
  const mapping: { key: string; label: string; column: string | null }[] = [
    { key: 'group', label: t('packs.colGroup'), column: columnName(preview.mapping.group) },
    { key: 'subgroup', label: t('packs.colSubgroup'), column: columnName(preview.mapping.subgroup) },
    { key: 'code', label: t('packs.colCode'), column: columnName(preview.mapping.code) },
    { key: 'content', label: t('packs.colContent'), column: columnName(preview.mapping.content) },
  ];
  return (
    <>
      <section className="mapping" aria-label={t('packs.mapping')}>
        <h3 className="section-title">{t('packs.mapping')}</h3>
        <ul className="mapping-list">
          {mapping
            .filter((m) => m.key !== 'subgroup' || m.column)
            .map((m) => (
              <li key={m.key} className={m.column ? undefined : 'absent'}>
                <span className="mapping-field">{m.label}</span>
                <span className="mapping-arrow" aria-hidden="true">
                  ←
                </span>
                <span className="mapping-column">{m.column ?? t('packs.noColumn')}</span>
              </li>
            ))}
        </ul>
        {!preview.headerRecognised && <p className="field-hint">{t('packs.headerInferred')}</p>}
        {preview.ignoredColumns.length > 0 && (
          <p className="field-hint">{t('packs.ignoredColumns', { columns: preview.ignoredColumns.join(t('packs.listSeparator')) })}</p>
        )}
      </section>

      <ul className="counts" aria-label={t('packs.counts')}>
        <li>
          <span className="count-value">{outcome.counts.rows}</span>
          <span className="count-label">{t('packs.countRows')}</span>
        </li>
        <li className="new">
          <span className="count-value">{outcome.counts.new}</span>
          <span className="count-label">{t('packs.countNew')}</span>
        </li>
        {showUpdated && (
          <li className="updated">
            <span className="count-value">{outcome.counts.updated}</span>
            <span className="count-label">{t('packs.countUpdated')}</span>
          </li>
        )}
        <li className="dup">
          <span className="count-value">{outcome.counts.duplicates}</span>
          <span className="count-label">{t('packs.countDuplicates')}</span>
        </li>
        <li className={outcome.counts.problems ? 'bad' : undefined}>
          <span className="count-value">{outcome.counts.problems}</span>
          <span className="count-label">{t('packs.countProblems')}</span>
        </li>
      </ul>

      {options}

      <section aria-label={t('packs.sample')}>
        <h3 className="section-title">{t('packs.sampleTitle', { count: preview.sample.length })}</h3>
        <div className="table-scroll">
          <table className="sample-table">
            <thead>
              <tr>
                <th className="num">{t('packs.colLine')}</th>
                <th>{t('packs.colGroup')}</th>
                <th>{t('packs.colCode')}</th>
                <th>{t('packs.colContent')}</th>
              </tr>
            </thead>
            <tbody>
              {preview.sample.map((row) => (
                <tr key={row.line}>
                  <td className="num">{row.line}</td>
                  <td className="cell-group" title={row.group}>
                    {row.group || <span className="muted">{t('phrases.defaultGroup')}</span>}
                  </td>
                  <td className="cell-code">{row.code && <span className="code-tag">/{row.code}</span>}</td>
                  <td className="cell-content" title={row.content}>
                    <RichText text={row.content} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>

      <ProblemList problems={outcome.problems} total={outcome.counts.problems} />
    </>
  );
}

/**
 * 快捷编码已被现有短语使用时: keep the code on the existing phrase, or update that phrase from the
 * file. Each choice says what it would do to this file, counted by the preview's dry runs. A native
 * radio group (one Tab stop, arrows move); disabled while 清空 is ticked, when no code can be taken.
 */
function CodeConflictOptions({ preview, replace, value }: { preview: PackPreview; replace: boolean; value: CodeConflictChoice }) {
  const { t } = useTranslation();
  const legendId = useId();
  const keep = preview.outcomes.keep.counts;
  const update = preview.outcomes.update.counts;
  const none = keep.codesKept + update.updated + update.notUpdated === 0;
  const choose = (choice: CodeConflictChoice) => useImport.getState().setOnCodeConflict(choice);
  return (
    <fieldset className={`conflict-option${replace ? ' off' : ''}`} role="radiogroup" aria-labelledby={legendId} disabled={replace}>
      <legend id={legendId} className="conflict-legend">
        {t('packs.codeConflict')}
      </legend>
      {replace ? (
        <p className="field-hint">{t('packs.conflictMoot')}</p>
      ) : (
        none && <p className="field-hint">{t('packs.conflictNone')}</p>
      )}
      <label className={`choice${value === 'keep' ? ' selected' : ''}`}>
        <input type="radio" name="import-code-conflict" value="keep" checked={value === 'keep'} onChange={() => choose('keep')} />
        <span>
          <span className="choice-title">{t('packs.conflictKeep')}</span>
          {!replace && !none && <span className="choice-hint">{t('packs.conflictKeepHint', { count: keep.codesKept })}</span>}
        </span>
      </label>
      <label className={`choice${value === 'update' ? ' selected' : ''}`}>
        <input type="radio" name="import-code-conflict" value="update" checked={value === 'update'} onChange={() => choose('update')} />
        <span>
          <span className="choice-title">{t('packs.conflictUpdate')}</span>
          {!replace && !none && (
            <span className="choice-hint">
              {t('packs.conflictUpdateHint', { count: update.updated })}
              {update.notUpdated > 0 && ` ${t('packs.conflictNotUpdated', { count: update.notUpdated })}`}
            </span>
          )}
        </span>
      </label>
    </fieldset>
  );
}

/**
 * 导入快捷短语: choose a file, check the preview (format, encoding with an override, delimiter,
 * column mapping, first rows, counts, problems), optionally 清空当前正在使用的快捷短语列表 or, when
 * merging, choose what happens to shortcut codes the list already holds (the counts and problems
 * follow the choice), then import with a progress bar and 取消; a summary at the end.
 */
export function ImportDialog({ onClose }: { onClose(): void }) {
  const { t } = useTranslation();
  const s = useImport();
  const connected = useConnected();
  const inputId = useId();
  const [dragging, setDragging] = useState(false);
  /** The desktop app's open dialog, or null in the browser host (which keeps its file input). */
  const [native] = useState(nativeFiles);
  /** Why the desktop app's open dialog could not read the chosen file (too large, unreadable). */
  const [openError, setOpenError] = useState<unknown>(null);

  useEffect(() => {
    useImport.getState().reset();
    return () => useImport.getState().reset();
  }, []);

  const running = s.step === 'importing';
  const pct = s.step === 'done' && s.result ? 100 : percentOf(s.progress);
  const cancelled = errorCode(s.error) === 'pack.cancelled';

  function pickFiles(files: FileList | null) {
    const file = files?.[0];
    setOpenError(null);
    if (file) void useImport.getState().chooseFile(file);
  }

  async function pickNative() {
    if (!native) return;
    setOpenError(null);
    try {
      const file = await native.openFile({ filters: importFilters((k) => t(k)) });
      if (file) await useImport.getState().chooseBytes(file.fileName, file.bytes);
    } catch (e) {
      setOpenError(e);
    }
  }

  function onDrop(e: DragEvent) {
    e.preventDefault();
    setDragging(false);
    pickFiles(e.dataTransfer.files);
  }

  const filePicker = native ? (
    <button type="button" className="button file-button" onClick={() => void pickNative()}>
      {s.bytes ? t('packs.chooseAgain') : t('packs.chooseFile')}
    </button>
  ) : (
    <>
      <input
        id={inputId}
        type="file"
        className="visually-hidden"
        accept=".csv,.txt,.xml,.xlsx,text/csv,text/plain,application/xml,text/xml"
        aria-label={t('packs.chooseFile')}
        onChange={(e) => {
          pickFiles(e.currentTarget.files);
          e.currentTarget.value = '';
        }}
      />
      <label htmlFor={inputId} className="button file-button">
        {s.bytes ? t('packs.chooseAgain') : t('packs.chooseFile')}
      </label>
    </>
  );

  let footer;
  if (running) {
    footer = (
      <button type="button" className="button" onClick={() => useImport.getState().cancel()} disabled={s.cancelling}>
        {s.cancelling ? t('packs.cancelling') : t('app.cancel')}
      </button>
    );
  } else if (s.step === 'done') {
    footer = (
      <button type="button" className="button primary" data-autofocus onClick={onClose}>
        {t('app.done')}
      </button>
    );
  } else {
    footer = (
      <>
        <button type="button" className="button" onClick={onClose}>
          {t('app.cancel')}
        </button>
        <button type="button" className="button primary" disabled={!s.preview || s.previewing || !connected} onClick={() => void useImport.getState().start()}>
          {t('packs.startImport')}
        </button>
      </>
    );
  }

  return (
    <Dialog title={t('packs.importTitle')} onClose={onClose} width={760} busy={running} footer={footer} className="import-dialog">
      {s.step === 'choose' && !s.bytes && (
        <div
          className={`dropzone${dragging ? ' dragging' : ''}`}
          onDragOver={(e) => {
            e.preventDefault();
            setDragging(true);
          }}
          onDragLeave={() => setDragging(false)}
          onDrop={onDrop}
        >
          <IconFile />
          <p className="dropzone-title">{t('packs.dropTitle')}</p>
          <p className="field-hint">{t('packs.dropHint')}</p>
          {filePicker}
        </div>
      )}

      {openError != null && (
        <div className="alert error" role="alert">
          <IconWarn />
          <div>
            <p className="alert-title">{t('packs.fileError')}</p>
            <p>{errorText(openError)}</p>
          </div>
        </div>
      )}

      {s.bytes && (
        <div className="file-line">
          <IconFile />
          <span className="file-name" title={s.fileName}>
            {s.fileName}
          </span>
          <span className="muted">{formatSize(s.bytes.byteLength)}</span>
          <span className="spacer" />
          {(s.step === 'preview' || s.step === 'choose') && filePicker}
        </div>
      )}

      {(s.step === 'choose' || s.step === 'preview') && s.bytes && (
        <>
          <dl className="facts">
            <div>
              <dt>{t('packs.format')}</dt>
              <dd>{s.preview ? t(`packs.formats.${s.preview.format}`) : '—'}</dd>
            </div>
            <div>
              <dt>
                <label htmlFor="import-encoding">{t('packs.encoding')}</label>
              </dt>
              <dd>
                <select
                  id="import-encoding"
                  className="select"
                  value={s.encoding ?? s.preview?.encoding ?? ''}
                  disabled={s.previewing || s.preview?.format === 'xlsx'}
                  onChange={(e) => void useImport.getState().setEncoding(e.target.value as PackEncoding)}
                >
                  {!s.encoding && !s.preview && <option value="">—</option>}
                  {ENCODINGS.map((enc) => (
                    <option key={enc} value={enc}>
                      {t(`packs.encodings.${enc}`)}
                    </option>
                  ))}
                </select>
                {s.preview && !s.encoding && <span className="muted detected">{t('packs.detected')}</span>}
              </dd>
            </div>
            {s.preview?.delimiter && (
              <div>
                <dt>{t('packs.delimiter')}</dt>
                <dd>{t(`packs.delimiters.${s.preview.delimiter === ',' ? 'comma' : s.preview.delimiter === ';' ? 'semicolon' : 'tab'}`)}</dd>
              </div>
            )}
          </dl>

          {s.previewing && (
            <p className="panel-message" aria-busy="true">
              {t('packs.reading')}
            </p>
          )}
          {!s.previewing && s.error != null && (
            <div className="alert error" role="alert">
              <IconWarn />
              <div>
                <p className="alert-title">{t('packs.fileError')}</p>
                <p>{errorText(s.error)}</p>
              </div>
            </div>
          )}
          {!s.previewing && s.preview && (
            <PreviewView
              preview={s.preview}
              outcome={chosenOutcome(s.preview, s.replace, s.onCodeConflict)}
              showUpdated={!s.replace && s.onCodeConflict === 'update'}
              options={
                <div className="import-options">
                  <div className={`replace-option${s.replace ? ' on' : ''}`}>
                    <label className="checkbox">
                      <input type="checkbox" checked={s.replace} onChange={(e) => useImport.getState().setReplace(e.target.checked)} />
                      {t('packs.replace')}
                    </label>
                    <p className={s.replace ? 'warning' : 'field-hint'}>{s.replace ? t('packs.replaceWarning') : t('packs.mergeHint')}</p>
                  </div>
                  <CodeConflictOptions preview={s.preview} replace={s.replace} value={s.onCodeConflict} />
                </div>
              }
            />
          )}
        </>
      )}

      {running && (
        <div className="progress-view">
          <p className="progress-title">
            {s.progress?.phase === 'write' ? t('packs.writing', { done: s.progress.done, total: s.progress.total }) : t('packs.reading')}
          </p>
          <div className="progress" role="progressbar" aria-label={t('packs.progress')} aria-valuemin={0} aria-valuemax={100} aria-valuenow={pct}>
            <div className="progress-fill" style={{ width: `${pct}%` }} />
          </div>
          <p className="progress-pct">{pct}%</p>
        </div>
      )}

      {s.step === 'done' && (
        <div className="summary" role="status">
          {s.result ? (
            <>
              <div className="progress" role="progressbar" aria-label={t('packs.progress')} aria-valuemin={0} aria-valuemax={100} aria-valuenow={100}>
                <div className="progress-fill done" style={{ width: '100%' }} />
              </div>
              <p className="summary-title">{t('packs.importDone')}</p>
              <p className="summary-line">
                {t('packs.summary', { imported: s.result.imported, duplicates: s.result.duplicates, problems: s.result.problems.length })}
              </p>
              {!s.replace && s.onCodeConflict === 'update' && <p className="summary-line">{t('packs.updatedInPlace', { count: s.result.updated })}</p>}
              {s.replace && <p className="field-hint">{t('packs.replacedNote')}</p>}
              <ProblemList problems={s.result.problems.slice(0, 200)} total={s.result.problems.length} />
            </>
          ) : (
            <div className={`alert ${cancelled ? 'info' : 'error'}`} role="alert">
              <IconWarn />
              <div>
                <p className="alert-title">{cancelled ? t('packs.cancelledTitle') : t('packs.importFailed')}</p>
                <p>{errorText(s.error)}</p>
              </div>
            </div>
          )}
        </div>
      )}
    </Dialog>
  );
}
