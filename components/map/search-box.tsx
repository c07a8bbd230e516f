'use client';
/**
 * The toolbar's search field. Applies as you type, debounced so a keystroke is not a relayout;
 * the query lives in the URL (`q=`).
 */
import { useEffect, useState } from 'react';
import { CodeInput } from '@/components/ui/input';
import { setQuery } from './map-actions';
import { useMapStores, useUi } from './map-context';

const DEBOUNCE_MS = 200;

export function SearchBox() {
  const stores = useMapStores();
  const applied = useUi((ui) => ui.params.query);
  const [query, setLocal] = useState(applied);

  useEffect(() => {
    if (query === applied) return;
    const timer = setTimeout(() => setQuery(stores, query), DEBOUNCE_MS);
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
