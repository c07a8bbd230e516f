'use client';
/** The toolbar's namespace filter: a disclosure with one checkbox per namespace, "Show all". */
import { Button } from '@/components/ui/button';
import { Disclosure } from '@/components/ui/disclosure';
import { Checkbox } from '@/components/ui/input';
import { setNamespaces } from './map-actions';
import { useMapStores, useNamespaces, useUi } from './map-context';

export function NamespaceFilter() {
  const stores = useMapStores();
  const namespaces = useNamespaces();
  const selected = useUi((ui) => ui.params.namespaces);
  const label = selected.length ? `Namespaces (${selected.length})` : 'All namespaces';
  const toggle = (ns: string) =>
    setNamespaces(
      stores,
      selected.includes(ns) ? selected.filter((n) => n !== ns) : [...selected, ns].sort(),
    );
  return (
    <Disclosure
      panelId="ns-filter"
      panelAs="fieldset"
      panelClassName="max-h-80 w-64"
      label={`${label} ▾`}
    >
      {() => (
        <>
          <legend className="sr-only">Namespaces to show</legend>
          <Button variant="link" className="mb-1 text-xs" onClick={() => setNamespaces(stores, [])}>
            Show all
          </Button>
          {namespaces.map((ns) => (
            <Checkbox
              key={ns}
              label={ns}
              labelClassName="min-h-6 gap-2"
              checked={selected.includes(ns)}
              onChange={() => toggle(ns)}
            />
          ))}
        </>
      )}
    </Disclosure>
  );
}
