import type { Handlers } from '../ipc/define';
import type { simulatorApi } from './api';
import type { ShiftControl } from './shift';

/** Binds the training shift's contract slice to its control. Arguments arrive validated. */
export function simulatorHandlers(shift: ShiftControl): Handlers<typeof simulatorApi> {
  return {
    'simulator.startShift': (choice) => shift.start(choice),
    'simulator.stopShift': () => shift.stop(),
    'simulator.state': () => shift.state(),
  };
}
