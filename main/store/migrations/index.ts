import type { Migration } from './types';
import { migration0010 } from './0010-phrases';
import { migration0020 } from './0020-settings';
import { migration0030 } from './0030-chat';
import { migration0040 } from './0040-phrase-code-index';
import { migration0050 } from './0050-outbox-and-lease';
import { migration0060 } from './0060-message-composed';
import { migration0070 } from './0070-auto-reply-rules';

export type { Migration } from './types';

/** Every shipped migration, in order. Append only. */
export const migrations: readonly Migration[] = [migration0010, migration0020, migration0030, migration0040, migration0050, migration0060, migration0070];
