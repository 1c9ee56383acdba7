/**
 * Small stroke icons drawn inline (SVG elements, so the strict CSP has nothing to object to).
 * Decorative: each is aria-hidden; the control around it carries the accessible name.
 */
import type { ReactNode } from 'react';

function Svg({ children, size = 16 }: { children: ReactNode; size?: number }) {
  return (
    <svg className="icon" width={size} height={size} viewBox="0 0 16 16" fill="none" stroke="currentColor" strokeWidth="1.4" strokeLinecap="round" strokeLinejoin="round" aria-hidden="true" focusable="false">
      {children}
    </svg>
  );
}

/** Icon: magnifier (search box). */
export const IconSearch = () => (
  <Svg>
    <circle cx="7" cy="7" r="4.5" />
    <path d="M10.5 10.5 14 14" />
  </Svg>
);
/** Icon: plus (新建). */
export const IconPlus = () => (
  <Svg>
    <path d="M8 3v10M3 8h10" />
  </Svg>
);
/** Icon: arrow into a tray (导入). */
export const IconImport = () => (
  <Svg>
    <path d="M8 2.5v8M4.8 7.5 8 10.7l3.2-3.2M2.8 11.5v1.7h10.4v-1.7" />
  </Svg>
);
/** Icon: arrow out of a tray (导出). */
export const IconExport = () => (
  <Svg>
    <path d="M8 10.5v-8M4.8 5.7 8 2.5l3.2 3.2M2.8 11.5v1.7h10.4v-1.7" />
  </Svg>
);
/** Icon: three dots (more actions). */
export const IconMore = () => (
  <Svg>
    <circle cx="3.5" cy="8" r=".6" fill="currentColor" />
    <circle cx="8" cy="8" r=".6" fill="currentColor" />
    <circle cx="12.5" cy="8" r=".6" fill="currentColor" />
  </Svg>
);
/** Icon: chevron, pointing down when `open` (group headers). */
export const IconChevron = ({ open }: { open: boolean }) => (
  <Svg size={12}>
    <path d={open ? 'M4 6l4 4 4-4' : 'M6 4l4 4-4 4'} />
  </Svg>
);
/** Icon: smiling face (表情 picker). */
export const IconSmile = () => (
  <Svg size={18}>
    <circle cx="8" cy="8" r="6" />
    <path d="M5.5 9.5c.7 1 1.5 1.5 2.5 1.5s1.8-.5 2.5-1.5" />
    <circle cx="6" cy="6.5" r=".5" fill="currentColor" />
    <circle cx="10" cy="6.5" r=".5" fill="currentColor" />
  </Svg>
);
/** Icon: list card (快捷短语 toggle). */
export const IconQuick = () => (
  <Svg size={18}>
    <rect x="2" y="2.5" width="12" height="11" rx="1.5" />
    <path d="M5 6h6M5 8.5h6M5 11h3.5" />
  </Svg>
);
/** Icon: gear (设置). */
export const IconGear = () => (
  <Svg size={18}>
    <circle cx="8" cy="8" r="2.2" />
    <path d="M8 1.8v1.6M8 12.6v1.6M14.2 8h-1.6M3.4 8H1.8M12.4 3.6l-1.1 1.1M4.7 11.3l-1.1 1.1M12.4 12.4l-1.1-1.1M4.7 4.7 3.6 3.6" />
  </Svg>
);
/** Icon: cross (close, clear). */
export const IconClose = () => (
  <Svg>
    <path d="M4 4l8 8M12 4l-8 8" />
  </Svg>
);
/** Icon: folder (groups). */
export const IconFolder = () => (
  <Svg>
    <path d="M2 4.5V12a1 1 0 0 0 1 1h10a1 1 0 0 0 1-1V6a1 1 0 0 0-1-1H8L6.5 3.5H3A1 1 0 0 0 2 4.5z" />
  </Svg>
);
/** Icon: warning triangle. */
export const IconWarn = () => (
  <Svg>
    <path d="M8 2 14.5 13.5h-13z" />
    <path d="M8 6.5v3.2M8 11.6v.1" />
  </Svg>
);
/** Icon: document (the chosen file). */
export const IconFile = () => (
  <Svg size={20}>
    <path d="M4 1.8h5.5L12.5 5v9.2H4z" />
    <path d="M9.2 1.8V5.3h3.3" />
  </Svg>
);
