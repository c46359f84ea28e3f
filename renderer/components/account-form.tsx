import { useEffect, useRef } from 'react';
import type { AccountView } from '../../app/model';
import { grantChoices } from '../../app/common/grant-form';
import type { ProviderMeta } from '../../app/providers/provider-meta';
import { actions } from '../actions';
import { useDashboard } from '../store';
import { Dialog } from './dialog';
import { DiscardPrompt, useDiscardPrompt } from './discard-prompt';
import { CheckboxField, CheckedField, OptionField } from './form-fields';
import { useAccountForm, type AccountFormState } from './use-account-form';

export { checkForm } from './check-form';

const renewalWords: Record<ProviderMeta['renewal'], string> = {
  refresh: 'with its refresh token',
  reauthenticate: 'by re-authenticating early (keeps the configuration lock)',
  login: 'by logging in again',
};

/** How each grant reads in the form; the grant's own name stays visible, as the CLI's --grant takes it. */
const grantWords: Record<string, string> = {
  authorization_code: 'Browser sign-in (authorization_code)',
  device_code: 'Device code on another device (device_code)',
  password: 'User name and password (password)',
  client_credentials: 'Client credentials, no user (client_credentials)',
};

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
  const form = useAccountForm(providers, editing);
  const { values, set, meta, errorFor, touch } = form;
  const element = useRef<HTMLFormElement>(null);
  const discard = useDiscardPrompt(form.changed);
  // After a failed save: focus the first field in error, so the person is where they fix it.
  useEffect(() => {
    if (form.focusRequest > 0) element.current?.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus();
  }, [form.focusRequest]);
  return (
    <Dialog
      title={editing === null ? 'Add account' : `Edit ${editing.name}`}
      onClose={discard.requestClose}
      testId="account-form"
    >
      <form onSubmit={(event) => void form.onSubmit(event)} noValidate ref={element}>
        <ProviderSelect providers={providers} form={form} />
        <GrantSelect form={form} />
        <CheckedField
          id="name"
          label="Name *"
          value={values.name}
          onChange={(value) => set('name', value)}
          onBlur={() => touch('name')}
          error={errorFor('name')}
        />
        <CheckedField
          id="url"
          label={meta?.grantInputs === undefined ? 'Base URL *' : 'Base URL (optional)'}
          value={values.url}
          placeholder={meta?.grantInputs === undefined ? meta?.urlExample : 'empty: the issuer’s (or token URL’s)'}
          onChange={(value) => set('url', value)}
          onBlur={() => touch('url')}
          error={errorFor('url')}
        />
        <CredentialFields form={form} editing={editing !== null} />
        {form.fields.map((field) => (
          <OptionField
            key={field.key}
            field={field}
            value={values.options[field.key] ?? ''}
            onChange={(value) => set('options', { ...values.options, [field.key]: value })}
            error={errorFor(field.key)}
          />
        ))}
        <PolicyFields form={form} />
        <FormNote form={form} />
        {discard.asking ? <DiscardPrompt onKeep={discard.keepEditing} /> : null}
        <FormActions form={form} editing={editing !== null} />
      </form>
    </Dialog>
  );
}

/** What the last check or save said; after an unreachable server, a way to save anyway (--no-verify). */
function FormNote({ form }: { form: AccountFormState }) {
  return (
    <>
      {form.note === null ? null : (
        <p className={`form-note ${form.note.tone}`} role="status" data-testid="form-note">
          {form.note.text}
        </p>
      )}
      {form.offerUnchecked ? (
        <p className="form-note">
          Offline or not reachable from here?{' '}
          <button type="button" onClick={() => void form.saveUnchecked()} aria-disabled={form.working}>
            Save without checking
          </button>
        </p>
      ) : null}
    </>
  );
}

function ProviderSelect({ providers, form }: { providers: ProviderMeta[]; form: AccountFormState }) {
  const { meta } = form;
  return (
    <div className="field">
      <label htmlFor="field-provider">API</label>
      <select
        id="field-provider"
        value={form.values.provider}
        onChange={(event) => form.setProvider(event.target.value)}
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
  );
}

/** OAuth2/OIDC: how the account signs in, which decides the fields below it. */
function GrantSelect({ form }: { form: AccountFormState }) {
  const choices = grantChoices(form.meta);
  if (choices.length === 0 || form.values.grant === undefined) return null;
  return (
    <div className="field">
      <label htmlFor="field-grant">Grant</label>
      <select
        id="field-grant"
        value={form.values.grant}
        onChange={(event) => form.set('grant', event.target.value)}
        aria-describedby="field-grant-help"
      >
        {choices.map((grant) => (
          <option key={grant} value={grant}>
            {grantWords[grant] ?? grant}
          </option>
        ))}
      </select>
      <small id="field-grant-help">
        {form.needs.interactive
          ? 'A person signs in when the account is first used; saved without a check.'
          : 'The same as token-wallet add --grant.'}
      </small>
    </div>
  );
}

/** User name, password and client secret: only those the chosen grant sends. */
function CredentialFields({ form, editing }: { form: AccountFormState; editing: boolean }) {
  const { values, set, needs, errorFor } = form;
  const keep = ' (leave empty to keep the stored one)';
  return (
    <>
      {needs.username ? (
        <CheckedField
          id="username"
          label="User name *"
          value={values.username}
          onChange={(value) => set('username', value)}
          error={errorFor('username')}
          autoComplete="username"
        />
      ) : null}
      {needs.password ? (
        <CheckedField
          id="password"
          type="password"
          label={editing ? `New password${keep}` : 'Password *'}
          value={values.password}
          onChange={(value) => set('password', value)}
          error={errorFor('password')}
          autoComplete="new-password"
        />
      ) : null}
      {needs.clientSecret === 'none' ? null : (
        <CheckedField
          id="clientSecret"
          type="password"
          label={
            editing
              ? `New client secret${keep}`
              : needs.clientSecret === 'required'
                ? 'Client secret *'
                : 'Client secret (confidential clients only)'
          }
          value={values.clientSecret}
          onChange={(value) => set('clientSecret', value)}
          error={errorFor('clientSecret')}
          autoComplete="new-password"
        />
      )}
    </>
  );
}

function PolicyFields({ form }: { form: AccountFormState }) {
  const { values, set, errorFor } = form;
  return (
    <>
      <CheckedField
        id="caFile"
        label="CA certificate file (for self-signed appliances)"
        value={values.caFile}
        placeholder="/path/to/appliance-ca.pem"
        onChange={(value) => set('caFile', value)}
        error={errorFor('caFile')}
      />
      <CheckboxField
        id="on-demand"
        label="Renew on demand only (no background renewal)"
        checked={values.onDemand}
        onChange={(on) => set('onDemand', on)}
      />
      {form.meta?.hasLogout === true ? (
        <CheckboxField
          id="logout-on-quit"
          label="Log out of the server when Token Wallet quits"
          checked={values.logoutOnQuit}
          onChange={(on) => set('logoutOnQuit', on)}
        />
      ) : null}
      <CheckboxField
        id="allow-http"
        label="Allow plain http to another host"
        checked={values.allowHttp}
        onChange={(on) => set('allowHttp', on)}
      />
    </>
  );
}

function FormActions({ form, editing }: { form: AccountFormState; editing: boolean }) {
  // A browser or device sign-in needs the person, not a check; an edit is checked with what is typed anew.
  const nothingToCheck =
    form.needs.interactive || (editing && form.values.password === '' && form.values.clientSecret === '');
  return (
    <div className="dialog-actions">
      <button type="button" onClick={() => actions.openEditor(null)}>
        Cancel
      </button>
      {/* aria-disabled while working, not disabled: a disabled button drops the keyboard focus to the page. */}
      <button
        type="button"
        disabled={nothingToCheck}
        aria-disabled={form.working}
        onClick={() => void form.onTest()}
        data-testid="test-credentials"
      >
        Test credentials
      </button>
      <button type="submit" className="primary" aria-disabled={form.working} data-testid="save">
        Save
      </button>
    </div>
  );
}
