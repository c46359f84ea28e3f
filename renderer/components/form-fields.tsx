import type { ProviderField } from '../../app/providers/provider-meta';

/** The id of a field's error, which the field names in aria-describedby: read out with the field. */
function errorId(id: string): string {
  return `field-${id}-error`;
}

/** What describes a field: its help, then its error when there is one. */
function describedBy(...ids: Array<string | undefined>): string | undefined {
  const present = ids.filter((id): id is string => id !== undefined);
  return present.length === 0 ? undefined : present.join(' ');
}

/** A field's error beside it, announced as it appears. */
export function FieldError({ id, error }: { id: string; error: string | undefined }) {
  if (error === undefined) return null;
  return (
    <span className="field-error" role="alert" id={errorId(id)} data-testid={`error-${id}`}>
      {error}
    </span>
  );
}

export function OptionField({
  field,
  value,
  onChange,
  error,
}: {
  field: ProviderField;
  value: string;
  onChange: (value: string) => void;
  error: string | undefined;
}) {
  const id = `field-${field.key}`;
  const described = describedBy(`${id}-help`, error === undefined ? undefined : errorId(field.key));
  return (
    <div className="field">
      <label htmlFor={id}>
        {field.label}
        {field.required ? ' *' : ''}
      </label>
      {field.choices !== undefined ? (
        <select
          id={id}
          value={value || field.defaultValue || ''}
          onChange={(event) => onChange(event.target.value)}
          aria-describedby={described}
          aria-invalid={error !== undefined}
        >
          {field.choices.map((choice) => (
            <option key={choice} value={choice}>
              {choice}
            </option>
          ))}
        </select>
      ) : (
        <input
          id={id}
          value={value}
          placeholder={field.defaultValue ?? ''}
          onChange={(event) => onChange(event.target.value)}
          aria-describedby={described}
          aria-invalid={error !== undefined}
        />
      )}
      <small id={`${id}-help`}>{field.help}</small>
      <FieldError id={field.key} error={error} />
    </div>
  );
}

/** A text field checked as the user types, its error beside it. */
export function CheckedField(props: {
  id: string;
  label: string;
  value: string;
  placeholder?: string | undefined;
  onChange: (value: string) => void;
  onBlur?: () => void;
  error: string | undefined;
  type?: 'text' | 'password';
  autoComplete?: string;
}) {
  return (
    <div className="field">
      <label htmlFor={`field-${props.id}`}>{props.label}</label>
      <input
        id={`field-${props.id}`}
        type={props.type ?? 'text'}
        value={props.value}
        placeholder={props.placeholder}
        onChange={(event) => props.onChange(event.target.value)}
        onBlur={props.onBlur}
        aria-invalid={props.error !== undefined}
        aria-describedby={describedBy(props.error === undefined ? undefined : errorId(props.id))}
        autoComplete={props.autoComplete ?? 'off'}
      />
      <FieldError id={props.id} error={props.error} />
    </div>
  );
}

export function CheckboxField(props: { id: string; label: string; checked: boolean; onChange: (on: boolean) => void }) {
  return (
    <div className="field checkbox">
      <input
        id={`field-${props.id}`}
        type="checkbox"
        checked={props.checked}
        onChange={(event) => props.onChange(event.target.checked)}
      />
      <label htmlFor={`field-${props.id}`}>{props.label}</label>
    </div>
  );
}
