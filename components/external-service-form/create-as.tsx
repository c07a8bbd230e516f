/**
 * "Create as": which endpoint objects the Add form writes (EndpointSlice, legacy Endpoints, or
 * both), the resources each choice needs permission for, and the radio group that picks one.
 */
import type { CreateAs } from '@/lib/topology/validation';
import { Fieldset } from '@/components/ui/fieldset';

const CREATE_AS_OPTIONS: { value: CreateAs; label: string; hint: string }[] = [
  {
    value: 'EndpointSlice',
    label: 'EndpointSlice',
    hint: 'recommended; labelled for the Service and managed by switchboard.dev',
  },
  {
    value: 'Endpoints',
    label: 'legacy Endpoints',
    hint: 'deprecated since Kubernetes 1.33; the cluster mirrors it into an EndpointSlice',
  },
  {
    value: 'Both',
    label: 'both',
    hint: 'an EndpointSlice and a legacy Endpoints (not mirrored again)',
  },
];

/** The resources a choice creates, as the access review names them. */
export const KINDS_FOR: Record<CreateAs, string[]> = {
  EndpointSlice: ['services', 'endpointslices'],
  Endpoints: ['services', 'endpoints'],
  Both: ['services', 'endpointslices', 'endpoints'],
};

export function CreateAsFieldset({
  idPrefix,
  value,
  onChange,
}: {
  idPrefix: string;
  value: CreateAs;
  onChange: (value: CreateAs) => void;
}) {
  return (
    <Fieldset legend="Create as">
      {CREATE_AS_OPTIONS.map((option) => {
        const inputId = `${idPrefix}-create-as-${option.value}-input`;
        const hintId = `${idPrefix}-create-as-${option.value}`;
        return (
          <div key={option.value} className="flex items-start gap-2">
            <input
              type="radio"
              id={inputId}
              name={`${idPrefix}-create-as`}
              value={option.value}
              checked={value === option.value}
              onChange={() => onChange(option.value)}
              aria-describedby={hintId}
            />
            <label htmlFor={inputId}>{option.label}</label>
            <span id={hintId} className="text-xs text-muted">
              ({option.hint})
            </span>
          </div>
        );
      })}
    </Fieldset>
  );
}
