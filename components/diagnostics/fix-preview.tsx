'use client';
/**
 * "Preview this fix": asks the server for the API server's dry run of one cause's suggested fix
 * (POST /api/services/<ns>/<name>/fix-preview with only the cause's code) and shows the result
 * under the fix: the object's field-level diff (`~ change spec.replicas: 0 → 2`), kubectl's
 * reason when there is nothing to send, or why the preview failed — always headed "Dry run —
 * nothing was changed".
 *
 * Contract: a native button with `aria-expanded`/`aria-controls`; the result region is a live
 * region and its heading takes focus when the answer arrives, so keyboard and screen-reader
 * users land on it. Values from the cluster are shown through ClusterText. Rendered only where
 * the caller decided writes are possible (not in read-only mode) and the fix is previewable.
 */
import { useId, useRef, useState, useEffect } from 'react';
import { apiPath, servicePath } from '@/lib/api/paths';
import { useCluster } from '@/components/clusters/cluster-context';
import { call } from '@/components/external-service-form/api';
import { Button } from '@/components/ui/button';
import { ClusterText } from '@/components/ui/cluster-text';
import { DiffList, type DiffRow } from '@/components/ui/diff-list';
import type { FieldDiff, FixPreview, WriteFailure } from '@/lib/api/write-results';
import type { ServiceCause } from './cause-change';

type State =
  { phase: 'idle' } | { phase: 'loading' } | { phase: 'done'; result: FixPreview | WriteFailure };

function failureText(f: WriteFailure): string {
  return 'message' in f ? f.message : f.errors.map((e) => e.message).join(' ');
}

function rowOf(d: FieldDiff): DiffRow {
  const change = d.before === undefined ? 'added' : d.after === undefined ? 'removed' : 'changed';
  const text =
    change === 'changed'
      ? `${d.path}: ${d.before} → ${d.after}`
      : `${d.path}: ${change === 'added' ? d.after : d.before}`;
  return {
    key: d.path,
    change,
    text: <ClusterText text={text} max={300} of={`the change to ${d.path}`} />,
  };
}

function Result({ result }: { result: FixPreview | WriteFailure }) {
  if (result.status !== 'fix-preview') {
    return (
      <p className="text-bad">
        The preview failed:{' '}
        <ClusterText text={failureText(result)} max={400} of="the preview's failure" />
      </p>
    );
  }
  const { kind, namespace, name } = result.target;
  if (result.note) {
    return (
      <p>
        Nothing to send for {kind} <ClusterText text={`${namespace}/${name}`} />:{' '}
        <ClusterText text={result.note} max={400} of={`the note on ${kind} ${namespace}/${name}`} />
      </p>
    );
  }
  return (
    <>
      <p>
        The API server accepted the change to {kind} <ClusterText text={`${namespace}/${name}`} />{' '}
        as a dry run
        {result.changes.length === 0 ? ', and it would change no field.' : '; it would change:'}
      </p>
      {result.changes.length > 0 && (
        <DiffList
          label={`Fields of ${kind} ${namespace}/${name} the fix would change`}
          rows={result.changes.map(rowOf)}
          className="font-mono text-xs"
          data-testid="fix-preview-diff"
        />
      )}
    </>
  );
}

export function FixPreviewButton({ namespace, name, code }: ServiceCause) {
  const [state, setState] = useState<State>({ phase: 'idle' });
  const regionId = useId();
  const { ref: cluster } = useCluster();
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (state.phase === 'done') heading.current?.focus();
  }, [state]);

  const run = async () => {
    setState({ phase: 'loading' });
    const result = await call<FixPreview>(
      apiPath(cluster, servicePath(namespace, name, 'fix-preview')),
      { method: 'POST', body: JSON.stringify({ code }) },
    );
    setState({ phase: 'done', result });
  };

  return (
    <div className="mt-2">
      <Button
        size="sm"
        aria-expanded={state.phase !== 'idle'}
        aria-controls={regionId}
        disabled={state.phase === 'loading'}
        onClick={() => void run()}
      >
        {state.phase === 'loading'
          ? 'Previewing…'
          : state.phase === 'done'
            ? 'Preview again'
            : 'Preview this fix'}
      </Button>
      <div
        id={regionId}
        role="region"
        aria-live="polite"
        aria-label="Dry run of the suggested fix"
        className={state.phase === 'done' ? 'mt-2 rounded border border-line p-2 text-xs' : ''}
        data-testid="fix-preview"
      >
        {state.phase === 'done' && (
          <>
            <h4 ref={heading} tabIndex={-1} className="font-semibold">
              Dry run — nothing was changed
            </h4>
            <Result result={state.result} />
          </>
        )}
      </div>
    </div>
  );
}
