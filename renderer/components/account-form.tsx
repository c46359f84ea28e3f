import { useMemo, useState, type FormEvent } from 'react';
import type { AccountInput } from '../../app/model';
import type { AccountOptions, AccountView } from '../../app/model';
import type { ProviderField, ProviderMeta } from '../../app/providers/provider-meta';
import { actions } from '../actions';
import { HostError, useDashboard } from '../store';
import { Dialog } from './dialog';
import { accountNamePattern, accountNameRule } from '../../app/common/account-name';

type FieldErrors = Partial<Record<string, string>>;

const renewalWords: Record<ProviderMeta['renewal'], string> = {
  refresh: 'with its refresh token',
  reauthenticate: 'by re-authenticating early (keeps the configuration lock)',
  login: 'by logging in again',
};

/** The same rules the core applies, checked as the user types; the host checks again on save. */
export function checkForm(
  values: { name: string; url: string },
  isLoopback = (host: string) => /^(127\.|localhost$|\[::1\]$)/.test(host),
): FieldErrors {
  const errors: FieldErrors = {};
  if (!accountNamePattern.test(values.name)) errors.name = accountNameRule;
  try {
    const url = new URL(values.url);
    if (url.protocol !== 'https:' && url.protocol !== 'http:') errors.url = 'The URL must start with https://';
    else if (url.protocol === 'http:' && !isLoopback(url.hostname))
      errors.url = 'Plain http is only for this machine; use https (or allow http below).';
  } catch {
    errors.url = values.url === '' ? 'The API base URL is required.' : 'This is not a valid URL.';
  }
  return errors;
}

function OptionField({
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
  return (
    <div className="field">
      <label htmlFor={id}>
        {field.label}
        {field.required ? ' *' : ''}
      </label>
      {field.choices !== undefined ? (
        <select id={id} value={value || field.defaultValue || ''} onChange={(event) => onChange(event.target.value)}>
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
          aria-describedby={`${id}-help`}
          aria-invalid={error !== undefined}
        />
      )}
      <small id={`${id}-help`}>{field.help}</small>
      {error === undefined ? null : (
        <span className="field-error" role="alert" data-testid={`error-${field.key}`}>
          {error}
        </span>
      )}
    </div>
  );
}

/** A text field checked as the user types, its error beside it. */
function CheckedField(props: {
  id: string;
  label: string;
  value: string;
  placeholder?: string | undefined;
  onChange: (value: string) => void;
  onBlur: () => void;
  error: string | undefined;
}) {
  return (
    <div className="field">
      <label htmlFor={`field-${props.id}`}>{props.label}</label>
      <input
        id={`field-${props.id}`}
        value={props.value}
        placeholder={props.placeholder}
        onChange={(event) => props.onChange(event.target.value)}
        onBlur={props.onBlur}
        aria-invalid={props.error !== undefined}
        autoComplete="off"
      />
      {props.error === undefined ? null : (
        <span className="field-error" role="alert" data-testid={`error-${props.id}`}>
          {props.error}
        </span>
      )}
    </div>
  );
}

export function AccountForm() {
  const editor = useDashboard((state) => state.editor);
  const providers = useDashboard((state) => state.providers);
  const editing = useDashboard((state) =>
    state.editor?.mode === 'edit' ? (state.accounts[state.editor.accountId] ?? null) : null,
  );
  if (editor === null || providers.length === 0) return null;
  return <AccountFormBody key={editing?.id ?? 'new'} providers={providers} editing={editing} />;
}

function AccountFormBody({ providers, editing }: { providers: ProviderMeta[]; editing: AccountView | null }) {
  const [provider, setProvider] = useState<string>(editing?.provider ?? providers[0]?.kind ?? 'vss');
  const [name, setName] = useState(editing?.name ?? '');
  const [url, setUrl] = useState(editing?.url ?? '');
  const [username, setUsername] = useState(editing?.username ?? '');
  const [password, setPassword] = useState('');
  const [options, setOptions] = useState<AccountOptions>(editing?.options ?? {});
  const [caFile, setCaFile] = useState(editing?.caFile ?? '');
  const [allowHttp, setAllowHttp] = useState(editing?.allowHttp === true);
  const [onDemand, setOnDemand] = useState(editing?.policy?.onDemandOnly === true);
  const [logoutOnQuit, setLogoutOnQuit] = useState(editing?.policy?.logoutOnQuit === true);
  const [touched, setTouched] = useState<Record<string, boolean>>({});
  const [serverErrors, setServerErrors] = useState<FieldErrors>({});
  const [note, setNote] = useState<{ text: string; tone: 'ok' | 'error' } | null>(null);
  const [working, setWorking] = useState(false);
  const meta = providers.find((candidate) => candidate.kind === provider);

  const localErrors = useMemo(
    () => checkForm({ name, url }, allowHttp ? () => true : undefined),
    [name, url, allowHttp],
  );
  const errorFor = (field: string): string | undefined =>
    serverErrors[field] ?? (touched[field] === true ? localErrors[field] : undefined);

  const input = (): AccountInput => {
    const chosen: AccountOptions = {};
    for (const field of meta?.fields ?? []) {
      const value = options[field.key];
      if (value !== undefined && value !== '') (chosen as Record<string, string>)[field.key] = value;
    }
    const policy = {
      onDemandOnly: onDemand,
      ...(meta?.hasLogout === true && logoutOnQuit ? { logoutOnQuit: true } : {}),
    };
    return { name, provider, url, username, options: chosen, ...(caFile === '' ? {} : { caFile }), allowHttp, policy };
  };

  const showHostError = (error: unknown): void => {
    if (
      error instanceof HostError &&
      error.field !== undefined &&
      ['name', 'url', 'username', 'password', 'caFile', ...(meta?.fields.map((field) => field.key) ?? [])].includes(
        error.field,
      )
    ) {
      setServerErrors({ [error.field]: error.message });
      setNote(null);
    } else {
      setNote({ text: error instanceof Error ? error.message : String(error), tone: 'error' });
    }
  };

  const validate = (): boolean => {
    setTouched({ name: true, url: true });
    setServerErrors({});
    if (Object.keys(localErrors).length > 0) return false;
    if (editing === null && password === '') {
      setServerErrors({ password: 'The password is required.' });
      return false;
    }
    return true;
  };

  const onTest = async (): Promise<void> => {
    if (!validate()) return;
    setWorking(true);
    setNote(null);
    try {
      await actions.testNew(input(), password);
      setNote({ text: 'Credentials accepted by the server.', tone: 'ok' });
    } catch (error) {
      showHostError(error);
    } finally {
      setWorking(false);
    }
  };

  const onSubmit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    if (!validate()) return;
    setWorking(true);
    try {
      await actions.save(input(), password === '' ? undefined : password, editing);
    } catch (error) {
      showHostError(error);
    } finally {
      setWorking(false);
    }
  };

  return (
    <Dialog
      title={editing === null ? 'Add account' : `Edit ${editing.name}`}
      onClose={() => actions.openEditor(null)}
      testId="account-form"
    >
      <form onSubmit={(event) => void onSubmit(event)} noValidate>
        <div className="field">
          <label htmlFor="field-provider">API</label>
          <select
            id="field-provider"
            value={provider}
            onChange={(event) => setProvider(event.target.value)}
            data-testid="field-provider"
          >
            {providers.map((candidate) => (
              <option key={candidate.kind} value={candidate.kind}>
                {candidate.label}
              </option>
            ))}
          </select>
          <small>
            {meta?.description}
            {meta === undefined ? '' : `; renews ${renewalWords[meta.renewal]}`}
          </small>
        </div>
        <CheckedField
          id="name"
          label="Name *"
          value={name}
          onChange={setName}
          onBlur={() => setTouched({ ...touched, name: true })}
          error={errorFor('name')}
        />
        <CheckedField
          id="url"
          label="Base URL *"
          value={url}
          placeholder={meta?.urlExample}
          onChange={setUrl}
          onBlur={() => setTouched({ ...touched, url: true })}
          error={errorFor('url')}
        />
        <div className="field">
          <label htmlFor="field-username">
            {meta?.usernameOptional === true ? 'User name (not for client credentials)' : 'User name *'}
          </label>
          <input
            id="field-username"
            value={username}
            onChange={(event) => setUsername(event.target.value)}
            autoComplete="username"
          />
          {errorFor('username') === undefined ? null : (
            <span className="field-error" role="alert" data-testid="error-username">
              {errorFor('username')}
            </span>
          )}
        </div>
        <div className="field">
          <label htmlFor="field-password">
            {editing === null ? 'Password (or client secret) *' : 'New password (leave empty to keep the stored one)'}
          </label>
          <input
            id="field-password"
            type="password"
            value={password}
            onChange={(event) => setPassword(event.target.value)}
            autoComplete="new-password"
          />
          {errorFor('password') === undefined ? null : (
            <span className="field-error" role="alert" data-testid="error-password">
              {errorFor('password')}
            </span>
          )}
        </div>
        {(meta?.fields ?? []).map((field) => (
          <OptionField
            key={field.key}
            field={field}
            value={options[field.key] ?? ''}
            onChange={(value) => setOptions({ ...options, [field.key]: value })}
            error={errorFor(field.key)}
          />
        ))}
        <div className="field">
          <label htmlFor="field-ca">CA certificate file (for self-signed appliances)</label>
          <input
            id="field-ca"
            value={caFile}
            placeholder="/path/to/appliance-ca.pem"
            onChange={(event) => setCaFile(event.target.value)}
          />
          {errorFor('caFile') === undefined ? null : (
            <span className="field-error" role="alert" data-testid="error-caFile">
              {errorFor('caFile')}
            </span>
          )}
        </div>
        <div className="field checkbox">
          <input
            id="field-on-demand"
            type="checkbox"
            checked={onDemand}
            onChange={(event) => setOnDemand(event.target.checked)}
          />
          <label htmlFor="field-on-demand">Renew on demand only (no background renewal)</label>
        </div>
        {meta?.hasLogout === true ? (
          <div className="field checkbox">
            <input
              id="field-logout-on-quit"
              type="checkbox"
              checked={logoutOnQuit}
              onChange={(event) => setLogoutOnQuit(event.target.checked)}
            />
            <label htmlFor="field-logout-on-quit">Log out of the server when Token Wallet quits</label>
          </div>
        ) : null}
        <div className="field checkbox">
          <input
            id="field-allow-http"
            type="checkbox"
            checked={allowHttp}
            onChange={(event) => setAllowHttp(event.target.checked)}
          />
          <label htmlFor="field-allow-http">Allow plain http to another host</label>
        </div>
        {note === null ? null : (
          <p className={`form-note ${note.tone}`} role="status" data-testid="form-note">
            {note.text}
          </p>
        )}
        <div className="dialog-actions">
          <button type="button" onClick={() => actions.openEditor(null)}>
            Cancel
          </button>
          <button
            type="button"
            disabled={working || (editing !== null && password === '')}
            onClick={() => void onTest()}
            data-testid="test-credentials"
          >
            Test credentials
          </button>
          <button type="submit" className="primary" disabled={working} data-testid="save">
            Save
          </button>
        </div>
      </form>
    </Dialog>
  );
}
