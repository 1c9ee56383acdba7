import { translate, type Locale } from '../i18n';
import type { HistoryLabels } from './history-export';

/**
 * The words of csv and txt history exports in `locale`, from the catalogue's `history` section —
 * one place for the CLI's `xiaoniu history export` and the window's 导出聊天记录, so a file reads the
 * same whichever wrote it. `timezone` (IANA) names the time column of the csv header.
 */
export function historyLabels(locale: Locale, timezone: string): HistoryLabels {
  const t = (key: string, params: Record<string, string | number> = {}) => translate(locale, `history.${key}`, params);
  return {
    csvHeader: [t('csvTime', { timezone }), t('csvBuyer'), t('csvNickname'), t('csvKind'), t('csvContent')],
    kinds: {
      buyer: t('kinds.buyer'),
      buyerAuto: t('kinds.buyerAuto'),
      agent: t('kinds.agent'),
      agentAuto: t('kinds.agentAuto'),
      order: t('kinds.order'),
      paid: t('kinds.paid'),
      status: t('kinds.status'),
      close: t('kinds.close'),
    },
    statuses: { online: t('statuses.online'), busy: t('statuses.busy'), away: t('statuses.away'), suspended: t('statuses.suspended') },
    txtTitle: (tz) => t('txtTitle', { timezone: tz }),
    txtBuyer: (buyer, nickname) => (nickname === null ? t('txtBuyer', { buyer }) : t('txtBuyerNamed', { buyer, nickname })),
    txtBuyerName: (buyer, nickname, automatic) => (automatic ? t('txtBuyerAuto', { name: nickname ?? buyer }) : (nickname ?? buyer)),
    txtAgentName: (automatic) => t(automatic ? 'txtAgentAuto' : 'txtAgent'),
    txtOrder: (amount, paid) => t(paid ? 'txtPaid' : 'txtOrder', { amount }),
    txtClose: t('txtClose'),
    txtEmpty: t('txtEmpty'),
  };
}
