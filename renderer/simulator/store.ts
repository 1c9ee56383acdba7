import { create } from 'zustand';
import type { EndedShift, ShiftChoice, ShiftInfo } from '../../main/channels/shift';
import { getApi } from '../api/client';
import { errorText } from '../app/i18n';

/**
 * 开始模拟接待 in the window (docs/channels.md "Training shift"): the shift as main last told it
 * (`simulator.state`, then every `simulator.shift` event), the start dialog and the result dialog.
 * The result dialog opens when this window sees the shift end, and only then; it stays closable.
 */
interface ShiftState {
  info: ShiftInfo;
  /** The 开始模拟接待 dialog is open. */
  choosing: boolean;
  /** The ended shift whose figures the result dialog shows, or null. */
  showing: EndedShift | null;
  /** Why the last start or stop failed (a sentence), or null. */
  error: string | null;
  busy: boolean;
  /** Asks main for the shift now (at start, after a reconnect). */
  load(): Promise<void>;
  /** A `simulator.shift` event: a running shift that ends opens the result dialog. */
  apply(info: ShiftInfo): void;
  openChooser(): void;
  closeChooser(): void;
  /** Starts a shift; resolves true once running (the dialog closes), false with `error` set. */
  start(choice: ShiftChoice): Promise<boolean>;
  /** 结束: ends the running shift; its result arrives as an event too. */
  stop(): Promise<void>;
  closeResult(): void;
}

/** The window's training-shift store (zustand). */
export const useShift = create<ShiftState>((set, get) => ({
  info: { state: 'idle' },
  choosing: false,
  showing: null,
  error: null,
  busy: false,
  async load() {
    try {
      set({ info: await getApi().invoke('simulator.state', {}) });
    } catch {
      // The host is away; the connection bar says so, and a reconnect loads again.
    }
  },
  apply(info) {
    const was = get().info;
    set({ info });
    if (info.state === 'ended' && was.state === 'running') set({ showing: info as EndedShift });
  },
  openChooser: () => set({ choosing: true, error: null }),
  closeChooser: () => set({ choosing: false, error: null }),
  async start(choice) {
    set({ busy: true, error: null });
    try {
      const info = await getApi().invoke('simulator.startShift', choice);
      // The 'running' event may have come first; a later event (progress) wins over this answer.
      if (get().info.state !== 'running') set({ info });
      set({ choosing: false, showing: null });
      return true;
    } catch (e) {
      set({ error: errorText(e) });
      return false;
    } finally {
      set({ busy: false });
    }
  },
  async stop() {
    set({ busy: true, error: null });
    try {
      const info = await getApi().invoke('simulator.stopShift', {});
      get().apply(info);
    } catch (e) {
      set({ error: errorText(e) });
    } finally {
      set({ busy: false });
    }
  },
  closeResult: () => set({ showing: null }),
}));
