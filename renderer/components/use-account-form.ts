import { useMemo, useState, type FormEvent } from 'react';
import { defaultGrant, fieldsFor, formNeeds, grantOf } from '../../app/common/grant-form';
import type { AccountInput, AccountOptions, AccountView } from '../../app/model';
import type { ProviderMeta } from '../../app/providers/provider-meta';
import { actions, type FormSecrets } from '../actions';
import { HostError } from '../store';
import { checkForm, type FieldErrors } from './check-form';
import { checksOnSave, fieldOfFailure } from '../form-failure';

export interface FormValues {
  provider: string;
  name: string;
  url: string;
  username: string;
  password: string;
  clientSecret: string;
  /** The OAuth2 grant; undefined for providers without grants. */
  grant: string | undefined;
  options: AccountOptions;
  caFile: string;
  allowHttp: boolean;
  onDemand: boolean;
  logoutOnQuit: boolean;
}

function initialValues(providers: ProviderMeta[], editing: AccountView | null): FormValues {
  const provider = editing?.provider ?? providers[0]?.kind ?? 'vss';
  const meta = providers.find((candidate) => candidate.kind === provider);
  return {
    provider,
    name: editing?.name ?? '',
    url: editing?.url ?? '',
    username: editing?.username ?? '',
    password: '',
    clientSecret: '',
    grant: editing === null ? defaultGrant(meta) : grantOf(meta, editing.options),
    options: editing?.options ?? {},
    caFile: editing?.caFile ?? '',
    allowHttp: editing?.allowHttp === true,
    onDemand: editing?.policy?.onDemandOnly === true,
    logoutOnQuit: editing?.policy?.logoutOnQuit === true,
  };
}

/** OAuth2/OIDC: without a base URL the API is the issuer's (or the token URL's) origin, as with the CLI. */
export function effectiveUrl(values: FormValues, meta: ProviderMeta | undefined): string {
  if (values.url !== '' || meta?.grantInputs === undefined) return values.url;
  if (values.options.issuer !== undefined && values.options.issuer !== '') return values.options.issuer;
  try {
    return new URL(values.options.tokenUrl ?? '').origin;
  } catch {
    return '';
  }
}

function buildInput(values: FormValues, meta: ProviderMeta | undefined): AccountInput {
  const chosen: Record<string, string> = {};
  for (const field of fieldsFor(meta, values.grant)) {
    const value = values.options[field.key];
    if (value !== undefined && value !== '') chosen[field.key] = value;
  }
  if (values.grant !== undefined) chosen.grant = values.grant;
  const needs = formNeeds(meta, values.grant);
  const policy = {
    onDemandOnly: values.onDemand,
    ...(meta?.hasLogout === true && values.logoutOnQuit ? { logoutOnQuit: true } : {}),
  };
  return {
    name: values.name,
    provider: values.provider,
    url: effectiveUrl(values, meta),
    username: needs.username ? values.username : '',
    options: chosen as AccountOptions,
    ...(values.caFile === '' ? {} : { caFile: values.caFile }),
    allowHttp: values.allowHttp,
    policy,
  };
}

/** Only the secrets the grant sends, and only when typed. */
function secretsOf(values: FormValues, meta: ProviderMeta | undefined): FormSecrets {
  const needs = formNeeds(meta, values.grant);
  return {
    ...(needs.password && values.password !== '' ? { password: values.password } : {}),
    ...(needs.clientSecret !== 'none' && values.clientSecret !== '' ? { clientSecret: values.clientSecret } : {}),
  };
}

/** A new account's secrets the chosen grant cannot do without. */
function missingSecret(values: FormValues, meta: ProviderMeta | undefined): FieldErrors {
  const needs = formNeeds(meta, values.grant);
  if (needs.password && values.password === '') return { password: 'The password is required.' };
  if (needs.clientSecret === 'required' && values.clientSecret === '')
    return { clientSecret: 'This grant needs the client secret.' };
  return {};
}

type Note = { text: string; tone: 'ok' | 'error' } | null;

/** A failure the form shows: beside this field when it names one (see form-failure.ts), else in the note. */
type Place = (error: unknown) => string | undefined;

/**
 * Errors beside fields (as the user leaves them, or as the host says), the note under the form and
 * the busy state of a running check or save. A failed save moves focus to the first field in error.
 */
function useFormFeedback(localErrors: FieldErrors, place: Place) {
  const [touched, setTouched] = useState<Record<string, boolean>>({});
  const [serverErrors, setServerErrors] = useState<FieldErrors>({});
  const [note, setNote] = useState<Note>(null);
  const [working, setWorking] = useState(false);
  // Bumped by a failed save: the form then focuses its first field in error (after it is drawn).
  const [focusRequest, setFocusRequest] = useState(0);
  const errorFor = (field: string): string | undefined =>
    serverErrors[field] ?? (touched[field] === true ? localErrors[field] : undefined);
  const touch = (field: string): void => setTouched((previous) => ({ ...previous, [field]: true }));

  const showHostError = (error: unknown, saving: boolean): void => {
    const message = error instanceof Error ? error.message : String(error);
    const field = place(error);
    if (field !== undefined) setServerErrors({ [field]: message });
    const unsaved = saving ? 'Nothing was saved.' : '';
    if (field === undefined) setNote({ text: saving ? `${message}; nothing was saved.` : message, tone: 'error' });
    else setNote(saving ? { text: unsaved, tone: 'error' } : null);
  };

  /** Checks the form (plus `missing`: what only the submit knows), then runs the work, showing its failure. */
  const run = async (missing: FieldErrors, work: () => Promise<unknown>, saving = false): Promise<void> => {
    if (working) return;
    setTouched({ name: true, url: true });
    setServerErrors(missing);
    if (Object.keys(localErrors).length > 0 || Object.keys(missing).length > 0) {
      if (saving) setFocusRequest((count) => count + 1);
      return;
    }
    setWorking(true);
    try {
      await work();
    } catch (error) {
      showHostError(error, saving);
      if (saving) setFocusRequest((count) => count + 1);
    } finally {
      setWorking(false);
    }
  };
  return { errorFor, touch, note, setNote, working, run, focusRequest };
}

/** What is typed, and the API it is typed for. */
function useFormValues(providers: ProviderMeta[], editing: AccountView | null) {
  const [initial] = useState(() => initialValues(providers, editing));
  const [values, setValues] = useState(initial);
  const meta = providers.find((candidate) => candidate.kind === values.provider);
  const set = <K extends keyof FormValues>(key: K, value: FormValues[K]): void =>
    setValues((previous) => ({ ...previous, [key]: value }));
  // A new API brings its own grants; the grant starts where the CLI's would.
  const setProvider = (provider: string): void =>
    setValues((previous) => ({
      ...previous,
      provider,
      grant: defaultGrant(providers.find((candidate) => candidate.kind === provider)),
    }));
  // Anything typed or chosen since the form opened (a stray Escape then asks before discarding it).
  const changed = JSON.stringify(values) !== JSON.stringify(initial);
  return { values, meta, set, setProvider, changed };
}

/** The add/edit form's state and what its buttons do; the components only lay it out. */
export function useAccountForm(providers: ProviderMeta[], editing: AccountView | null) {
  const { values, meta, set, setProvider, changed } = useFormValues(providers, editing);
  // An unreachable server on Save: the person may save without the check (the CLI's --no-verify).
  const [offerUnchecked, setOfferUnchecked] = useState(false);
  const url = effectiveUrl(values, meta);
  const localErrors = useMemo(
    () => checkForm({ name: values.name, url }, values.allowHttp ? () => true : undefined),
    [values.name, url, values.allowHttp],
  );
  const needs = formNeeds(meta, values.grant);
  const fields = fieldsFor(meta, values.grant);
  const shown = ['name', 'url', 'username', 'password', 'clientSecret', 'caFile', ...fields.map((f) => f.key)];
  const place: Place = (error) =>
    error instanceof HostError ? fieldOfFailure(error, needs, shown, meta?.grantInputs === undefined) : undefined;
  const feedback = useFormFeedback(localErrors, place);
  const missing = () => (editing === null ? missingSecret(values, meta) : {});
  const onTest = (): Promise<void> => {
    feedback.setNote(null);
    return feedback.run(missing(), async () => {
      await actions.testNew(buildInput(values, meta), secretsOf(values, meta));
      feedback.setNote({ text: 'Credentials accepted by the server.', tone: 'ok' });
    });
  };
  const save = (verify: boolean): Promise<void> => {
    setOfferUnchecked(false);
    return feedback.run(
      missing(),
      () =>
        actions.save(buildInput(values, meta), secretsOf(values, meta), editing, verify).catch((error: unknown) => {
          setOfferUnchecked(verify && error instanceof HostError && error.kind === 'unreachable');
          throw error;
        }),
      true,
    );
  };
  const onSubmit = (event: FormEvent): Promise<void> => {
    event.preventDefault();
    return save(checksOnSave(editing !== null, needs));
  };
  const saveUnchecked = (): Promise<void> => save(false);
  const { errorFor, touch, note, working, focusRequest } = feedback;
  return {
    values,
    changed,
    set,
    setProvider,
    meta,
    needs,
    fields,
    errorFor,
    touch,
    note,
    working,
    focusRequest,
    offerUnchecked,
    onTest,
    onSubmit,
    saveUnchecked,
  };
}

export type AccountFormState = ReturnType<typeof useAccountForm>;
