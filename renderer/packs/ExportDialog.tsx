import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import type { ExportFormat } from '../../main/packs/types';
import { errorText } from '../app/i18n';
import { usePhrases } from '../phrases/store';
import { Dialog } from '../ui/Dialog';
import { IconWarn } from '../ui/icons';
import { useExport, type ExportEncoding } from './store';

const FORMATS: ExportFormat[] = ['csv', 'qianniu-csv', 'xml', 'xlsx'];
const FORMAT_KEY = { csv: 'csv', 'qianniu-csv': 'qianniu', xml: 'xml', xlsx: 'xlsx' } as const;

/**
 * 导出快捷短语 (docs/packs.md "What the app writes"): all groups or chosen ones, a format (CSV
 * recommended, Qianniu's GBK CSV, XML, Excel) and, for CSV, an encoding; the file is handed to the
 * browser as a download, or in the desktop app to the system's save dialog (docs/electron.md
 * "Native open and save dialogs").
 */
export function ExportDialog({ onClose }: { onClose(): void }) {
  const { t } = useTranslation();
  const groups = usePhrases((s) => s.groups);
  const total = usePhrases((s) => s.phrases.length);
  const s = useExport();

  useEffect(() => {
    useExport.getState().reset();
  }, []);

  const chosenCount = groups.filter((g) => s.groupIds.has(g.id)).reduce((n, g) => n + g.phraseCount, 0);
  const nothingChosen = s.scope === 'chosen' && s.groupIds.size === 0;
  const error = s.error;

  return (
    <Dialog
      title={t('packs.exportTitle')}
      onClose={onClose}
      width={560}
      busy={s.busy}
      footer={
        <>
          <button type="button" className="button" onClick={onClose}>
            {s.lastResult ? t('app.done') : t('app.cancel')}
          </button>
          <button type="button" className="button primary" disabled={s.busy || nothingChosen} onClick={() => void useExport.getState().run()}>
            {s.busy ? t('packs.exporting') : t('packs.export')}
          </button>
        </>
      }
    >
      <div className="form">
        <fieldset className="form-row">
          <legend className="form-label">{t('packs.scope')}</legend>
          <div className="form-field choice-list">
            <label className="choice">
              <input type="radio" name="export-scope" checked={s.scope === 'all'} onChange={() => useExport.getState().setScope('all')} data-autofocus />
              {t('packs.allGroups', { count: total })}
            </label>
            <label className="choice">
              <input type="radio" name="export-scope" checked={s.scope === 'chosen'} onChange={() => useExport.getState().setScope('chosen')} />
              {t('packs.chosenGroups')}
              {s.scope === 'chosen' && <span className="muted">{t('packs.chosenCount', { count: chosenCount })}</span>}
            </label>
            {s.scope === 'chosen' && (
              <ul className="group-checklist" aria-label={t('packs.chooseGroups')}>
                {groups.map((g) => (
                  <li key={g.id}>
                    <label className="checkbox">
                      <input type="checkbox" checked={s.groupIds.has(g.id)} onChange={() => useExport.getState().toggleGroup(g.id)} />
                      <span className="grow">{g.isDefault ? t('phrases.defaultGroup') : g.name}</span>
                      <span className="muted">{g.phraseCount}</span>
                    </label>
                  </li>
                ))}
              </ul>
            )}
            {nothingChosen && <p className="field-hint">{t('packs.chooseAtLeastOne')}</p>}
          </div>
        </fieldset>

        <fieldset className="form-row">
          <legend className="form-label">{t('packs.fileFormat')}</legend>
          <div className="form-field choice-list">
            {FORMATS.map((f) => (
              <label key={f} className={`choice format-choice${s.format === f ? ' selected' : ''}`}>
                <input type="radio" name="export-format" checked={s.format === f} onChange={() => useExport.getState().setFormat(f)} />
                <span>
                  <span className="choice-title">{t(`packs.exportFormats.${FORMAT_KEY[f]}`)}</span>
                  <span className="choice-hint">{t(`packs.exportFormatHints.${FORMAT_KEY[f]}`)}</span>
                </span>
              </label>
            ))}
          </div>
        </fieldset>

        {s.format === 'csv' && (
          <div className="form-row">
            <label className="form-label" htmlFor="export-encoding">
              {t('packs.encoding')}
            </label>
            <div className="form-field">
              <select
                id="export-encoding"
                className="select"
                value={s.encoding}
                onChange={(e) => useExport.getState().setEncoding(e.target.value as ExportEncoding)}
              >
                <option value="utf8">{t('packs.exportEncodings.utf8')}</option>
                <option value="gb18030">{t('packs.exportEncodings.gb18030')}</option>
              </select>
            </div>
          </div>
        )}
      </div>

      {error != null && (
        <div className="alert error" role="alert">
          <IconWarn />
          <div>
            <p className="alert-title">{t('packs.exportFailed')}</p>
            <p>{errorText(error)}</p>
          </div>
        </div>
      )}
      {s.lastResult && !error && (
        <div className="alert success" role="status">
          <p>{t('packs.exported', { count: s.lastResult.count, file: s.lastResult.fileName })}</p>
        </div>
      )}
    </Dialog>
  );
}
