import type { Handlers } from '../ipc/define';
import type { AgentStatus } from '../chat/types';
import type { settingsApi, StatusNow } from './api';
import type { SettingsService } from './service';

/** What the status methods need from the chat service (which owns `status_change`). */
export interface StatusSource {
  currentStatus(): StatusNow;
  setStatus(status: AgentStatus): StatusNow;
}

/**
 * Binds the settings slice to the settings service and the chat service's status. Arguments
 * arrive shape-checked; the service checks each key's rules and throws `settings.*` refusals.
 */
export function settingsHandlers(settings: SettingsService, status: StatusSource): Handlers<typeof settingsApi> {
  return {
    'settings.all': () => settings.all(),
    'settings.set': ({ key, value }) => settings.update(key, value),
    'status.get': () => status.currentStatus(),
    'status.set': ({ status: s }) => status.setStatus(s),
  };
}
