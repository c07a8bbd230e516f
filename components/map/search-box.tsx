'use client';
/**
 * The toolbar's search field. Applies as you type, debounced so a keystroke is not a relayout;
 * the query lives in the URL (`q=`). A query changed from outside the field (Back or Forward to
 * an entry with another `q=`) replaces what the field holds.
 */
import { useEffect, useRef, useState } from 'react';
import { CodeInput } from '@/components/ui/input';
import { setQuery } from './map-actions';
import { useMapStores, useUi } from './map-context';

const DEBOUNCE_MS = 200;

export function SearchBox() {
  const stores = useMapStores();
  const applied = useUi((ui) => ui.params.query);
  const [query, setLocal] = useState(applied);
  // The last query this field applied: an applied query other than it came from elsewhere.
  const sent = useRef(applied);

  useEffect(() => {
    if (applied === sent.current) return;
    sent.current = applied;
    setLocal(applied);
  }, [applied]);

  useEffect(() => {
    if (query === applied) return;
    const timer = setTimeout(() => {
      sent.current = query;
      setQuery(stores, query);
    }, DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [query, applied, stores]);

  return (
    <label className="flex items-center gap-1 text-sm">
      <span className="sr-only">Search Services by name, label k=v or IP</span>
      <CodeInput
        type="search"
        size="md"
        className="w-64"
        value={query}
        onValue={setLocal}
        placeholder="Search: name, app=web, 10.244.…"
      />
    </label>
  );
}
