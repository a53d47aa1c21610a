import { useId, useRef, type KeyboardEvent, type ReactNode } from 'react';

export interface TabDef {
  key: string;
  label: string;
  testId?: string;
  /** Kept mounted while hidden, so unsaved edits survive a look at another tab. */
  panel: ReactNode;
}

interface Props {
  label: string;
  tabs: TabDef[];
  selected: string;
  onSelect: (key: string) => void;
}

/**
 * Tabs as in the WAI-ARIA Authoring Practices: one tab stop, arrow keys (and Home/End) move
 * and activate, the panel is labelled by its tab.
 */
export function Tabs({ label, tabs, selected, onSelect }: Props) {
  const base = useId();
  const refs = useRef<Record<string, HTMLButtonElement | null>>({});
  const tabId = (key: string) => `${base}-tab-${key}`;
  const panelId = (key: string) => `${base}-panel-${key}`;

  const onKeyDown = (e: KeyboardEvent<HTMLButtonElement>) => {
    const index = tabs.findIndex((tab) => tab.key === selected);
    const moves: Record<string, number> = { ArrowRight: index + 1, ArrowLeft: index - 1, Home: 0, End: tabs.length - 1 };
    const target = moves[e.key];
    if (target === undefined) return;
    e.preventDefault();
    const next = tabs[(target + tabs.length) % tabs.length];
    if (!next) return;
    onSelect(next.key);
    refs.current[next.key]?.focus();
  };

  return (
    <div className="tabs">
      <div role="tablist" aria-label={label} className="tablist">
        {tabs.map((tab) => (
          <button
            key={tab.key}
            ref={(el) => {
              refs.current[tab.key] = el;
            }}
            type="button"
            role="tab"
            id={tabId(tab.key)}
            aria-selected={tab.key === selected}
            aria-controls={panelId(tab.key)}
            tabIndex={tab.key === selected ? 0 : -1}
            onClick={() => onSelect(tab.key)}
            onKeyDown={onKeyDown}
            data-testid={tab.testId}
            className="tab"
          >
            {tab.label}
          </button>
        ))}
      </div>
      {tabs.map((tab) => (
        <div key={tab.key} role="tabpanel" id={panelId(tab.key)} aria-labelledby={tabId(tab.key)} hidden={tab.key !== selected} className="tabpanel">
          {tab.panel}
        </div>
      ))}
    </div>
  );
}
