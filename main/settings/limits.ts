/**
 * The settings' limits and choices, in a file of their own with no imports: the CLI's usage text
 * quotes them, and loading definitions.ts (zod) for every command would cost each `xiaoniu` run
 * tens of ms (main/cli/index.ts loads an area's modules only when it runs).
 */

/** Longest 个性签名, in characters (code points): one short line beside the status, as in Qianniu's top bar (docs/settings.md). */
export const MAX_SIGNATURE = 50;
/** Longest agent nickname (客服昵称), in characters: a name, not a sentence (docs/settings.md). */
export const MAX_NICKNAME = 32;
/** Longest shop name, in characters: room for a long brand-plus-旗舰店 name (docs/settings.md). */
export const MAX_SHOP_NAME = 60;
/** Conversation font sizes offered, in px (the window's default is 14). */
export const FONT_SIZE = { min: 12, max: 24 } as const;
/** 接待中心设置: buyers served at once; 200 is past any agent's reach, and keeps typos out. */
export const MAX_CONCURRENT = { min: 1, max: 200 } as const;

/** The UI languages (`main/i18n` catalogues). */
export const LANGUAGES = ['zh-CN', 'en'] as const;
/** Which key sends in the composer: Enter (Ctrl+Enter is a newline), or Ctrl+Enter (Enter is a newline). */
export const SEND_KEYS = ['enter', 'ctrlEnter'] as const;

